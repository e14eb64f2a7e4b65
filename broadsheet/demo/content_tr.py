"""The demo newsroom's Turkish pages, loaded when the site speaks both languages.

Pure data, like ``demo.content``: the Carrick Herald's Turkish desk writes for the city's
Turkish-speaking readers. ``TRANSLATIONS`` are Turkish versions of English articles (``of``
names the English slug), written as a Turkish newspaper would report the story rather than
rendered word for word; ``ARTICLES`` appear in Turkish only. ``COMMENTS`` are Turkish readers'
comments, some published and some waiting in the queue, in the shape of ``DEMO_COMMENTS``
(``parent`` is the index of another entry here).
"""
# ruff: noqa: RUF001 - Turkish text (dotless i) on purpose

from __future__ import annotations

TRANSLATIONS: list[dict] = [
    {
        "of": "harbour-line-opens",
        "slug": "liman-hatti-acildi",
        "title": "Liman Hattı dört yıl gecikmeyle açıldı: ilk yolcular sabah 05.52 treninde",
        "standfirst": (
            "Eastgate ile feribot terminali arasındaki 310 milyon sterlinlik raylı sistem "
            "pazartesi sabahı sefere başladı; otobüsle 40 dakika süren yol 14 dakikaya indi."
        ),
        "byline": "Sam Achterberg, Ulaşım Muhabiri",
        "dateline": "Port Carrick",
        "body": [
            (
                "paragraph",
                "Liman Hattı'nın ilk treni pazartesi sabahı saat 05.52'de Eastgate "
                "istasyonundan 200'ü aşkın yolcuyla hareket etti. Vagonları dolduranların "
                "önemli bölümü, ilk seferde yer bulabilmek için gece yarısından önce kuyruğa "
                "giren demiryolu meraklılarıydı.",
            ),
            (
                "paragraph",
                "1987'de kapanan eski yük hattının güzergâhına kurulan 6,4 kilometrelik hat, "
                "kentin ana istasyonunu sahil boyunca dört yeni durakla bağlıyor ve feribot "
                "terminalinde son buluyor. Trenler yoğun saatlerde 15 dakikada bir, akşamları ve "
                "pazar günleri yarım saatte bir kalkacak.",
            ),
            ("subheading", "Gecikme ve bütçe aşımı"),
            (
                "paragraph",
                "Projenin dört yıl önce 220 milyon sterline tamamlanması planlanıyordu. Eski "
                "havagazı fabrikası arazisinde çıkan kirli toprak ve ana yükleniciyle "
                "sinyalizasyon yüzünden yaşanan uzun anlaşmazlık, hem takvimi hem de bütçeyi "
                "öngörülenin çok ötesine taşıdı.",
            ),
            (
                "quote",
                {
                    "text": (
                        "Hepimizin istediğinden uzun sürdü, bunu inkâr edecek değilim. Ama bu "
                        "sabah bir hemşire Eastgate'ten hastane durağına sekiz dakikada "
                        "ulaşabiliyor. Bütün bu emek bunun içindi."
                    ),
                    "attribution": "Carrick Transit Genel Müdürü Helen Marchetti",
                },
            ),
            (
                "paragraph",
                "Açılış gününde her şey hazır değildi. Eski tersane bölgesindeki yeni konutlara "
                "en yakın durak olan Chandlers Wharf'ta asansör henüz çalışmıyor. Carrick "
                "Transit, asansörün mart ayında devreye gireceğini, o zamana kadar iki durak "
                "arasında ücretsiz engelli taksisi çalıştırılacağını açıkladı.",
            ),
            (
                "paragraph",
                "Tam bilet 1,80 sterlinden başlıyor; kentteki otobüslerde geçen temassız kartlar "
                "ve abonman kartları trende de kullanılabiliyor.",
            ),
        ],
    },
]

ARTICLES: list[dict] = [
    {
        "slug": "balikcilar-kisa-hazirlaniyor",
        "title": "Balıkçı barınağında kış hazırlığı: kooperatif 40 tekneyi karaya çekti",
        "standfirst": (
            "Meteoroloji haftaya kuvvetli fırtına beklerken Port Carrick Balıkçılar "
            "Kooperatifi, küçük teknelerin tamamını Eski Rıhtım'daki çekek yerine aldı."
        ),
        "byline": "Deniz Aydın",
        "dateline": "Port Carrick",
        "hours_ago": 6,
        "topics": ["harbourside", "weather"],
        "body": [
            (
                "paragraph",
                "Eski Rıhtım'da dün sabah erken saatlerde başlayan çalışma akşama kadar sürdü. "
                "Kooperatif üyeleri, vinç ve römorklar yardımıyla 12 metreden kısa 40 tekneyi "
                "tek tek denizden çıkararak çekek yerine yerleştirdi.",
            ),
            (
                "paragraph",
                "Kooperatif Başkanı Rıza Tanrıverdi, geçen kış limanda batan üç teknenin "
                'ardından bu yıl hiçbir riske girmek istemediklerini söyledi: "Denizden '
                "ekmeğimizi çıkarıyoruz ama denizle inatlaşmayız. Fırtına geçene kadar tekneler "
                'karada kalacak."',
            ),
            ("subheading", "Av yasağı değil, hava muhalefeti"),
            (
                "paragraph",
                "Balıkçılar, teknelerin karada kaldığı sürede ağ onarımı ve motor bakımı "
                "yapacak. Kooperatif, bu süre içinde geliri kesilen üyelerine belediyenin acil "
                "durum fonundan destek verilmesi için başvuruda bulunduğunu açıkladı.",
            ),
            (
                "paragraph",
                "Liman Başkanlığı ise büyük teknelerin iç limanda çift halatla bağlanmasını, "
                "rıhtım boyunca yürüyüş yapanların da dalga aşması riskine karşı dikkatli "
                "olmasını istedi.",
            ),
        ],
    },
]

COMMENTS: list[dict] = [
    {
        "article": "liman-hatti-acildi",
        "name": "Selin K.",
        "text": (
            "Nihayet! Her sabah otobüste kırk dakika kaybediyordum, bugün işe yıllar sonra ilk "
            "defa erken vardım."
        ),
        "status": "approved",
        "parent": None,
    },
    {
        "article": "liman-hatti-acildi",
        "name": "Murat Demir",
        "text": (
            "Asansör meselesi de bir an önce çözülsün. Tekerlekli sandalyeyle Chandlers "
            "Wharf'ta inmek hâlâ mümkün değil, taksi geçici bir çare."
        ),
        "status": "approved",
        "parent": 0,
    },
    {
        "article": "liman-hatti-acildi",
        "name": "Hüseyin A.",
        "text": (
            "Dört yıl gecikme, 90 milyon sterlin fazladan harcama ve kimse hesap vermiyor. "
            "Sorumlular cevabını bir sonraki seçimde sandıkta alır."
        ),
        "status": "pending",
        "parent": None,
    },
    {
        "article": "balikcilar-kisa-hazirlaniyor",
        "name": "Eski Reis",
        "text": (
            "Rıza Bey doğru yapıyor. Geçen kış tekneyi son ana kadar denizde tutan arkadaşlar "
            "ne hâle geldi hepimiz gördük."
        ),
        "status": "approved",
        "parent": None,
    },
    {
        "article": "balikcilar-kisa-hazirlaniyor",
        "name": "kıyıdan bakan",
        "text": "Kooperatiftekiler de bu haberi yazan da aynı tas aynı hamam, hepsi sahtekâr.",
        "status": "pending",
        "parent": None,
    },
]
