"""Turkish threat rules (folded text), used by :mod:`broadsheet.screening.threats`."""

# ruff: noqa: RUF003 - Turkish letters and look-alikes are the subject here

from __future__ import annotations

from broadsheet.screening.rules import Rule, alternatives, rule, words

# Turkish, folded: ö→o, ü→u, ş→s, ç→c, ğ→g, ı→i.
# Single words (each a first-person threat on its own) and phrases are kept apart: a
# phrase split into words would make "istiyorum" or "öldürmek" a threat by itself. Verbs
# that are as often said of things ("soğan doğrarım", "tencereyi parçalayacağım") are
# threats only with a person as their object (``_TR_HURT``).
_TR_KILL_WORDS = words(
    "oldururum oldurecegim oldurcem oldurecem oldurucem oldurecegiz oldururuz olduresim "
    "gebertirim gebertecegim gebertcem geberticem gebertecem gebertecegiz gebertiriz "
    "bicaklarim bicaklayacagim bicaklicam bicaklayacam"
)
_TR_KILL_PHRASES = (
    "oldurmek istiyorum",
    "oldurmek istiyoruz",
    "gebertmek istiyorum",
    "gebertmek istiyoruz",
    "olduresim geliyor",
)
_TR_KILL = alternatives([*_TR_KILL_WORDS, *_TR_KILL_PHRASES])
_TR_HURT = alternatives(
    words(
        "vururum vuracagim vurcam vuracam vururuz vuracagiz doverim dovecegim dovcem dovecem "
        "doveriz dovecegiz bogarim bogacagim bogcam bogacam yakarim yakacagim yakcam yakacam "
        "mahvederim mahvedecegim gomerim gomecegim dograrim dograyacagim parcalarim "
        "parcalayacagim"
    )
)
_TR_FIND = alternatives(
    words("bulacagim bulurum bulcam bulucam bulacam bulacagiz buluruz bulcaz bulacaz")
)
_TR_OBJ = r"(?:seni|sizi|onu|onlari|hepinizi|hepsini|ailen\w*|cocuklar\w*|kafan\w*|evini|evinizi)"

RULES_TR: tuple[Rule, ...] = (
    # The verb alone is a threat (the object may be dropped: "öldürürüm"), but not with
    # "kendimi" (myself) before it: "yoksa kendimi öldürürüm" is talk of self-harm, which
    # the English rules do not call a threat either ("I will kill myself").
    rule(
        "threat to kill (tr)",
        rf"\b(?<!kendimi\W)(?<!kendimizi\W){_TR_KILL}\b",
        0.95,
        "threat",
        " ".join([*_TR_KILL_WORDS, "oldurmek", "gebertmek"]),
    ),
    rule(
        "threat to hurt (tr)",
        rf"\b{_TR_OBJ}\W+(?:\w+\W+){{0,2}}?{_TR_HURT}\b|\b{_TR_HURT}\W+(?:\w+\W+)?{_TR_OBJ}\b",
        0.85,
        "threat",
        "vururum vuracagim vurcam vuracam vururuz vuracagiz doverim dovecegim dovcem dovecem "
        "doveriz dovecegiz bogarim bogacagim bogcam bogacam yakarim yakacagim yakcam yakacam "
        "mahvederim mahvedecegim gomerim gomecegim dograrim dograyacagim parcalarim "
        "parcalayacagim",
    ),
    rule(
        "threat to find someone (tr)",
        rf"\b(?:seni|sizi|hepinizi|aileni|ailenizi)\W+(?:\w+\W+){{0,3}}?{_TR_FIND}\b|\b{_TR_FIND}\W+"
        rf"(?:\w+\W+)?(?:seni|sizi|hepinizi)\b",
        0.9,
        "threat",
        "bulacagim bulurum bulcam bulucam bulacam bulacagiz buluruz bulcaz bulacaz",
    ),
    rule(
        "threat to behead or shoot (tr)",
        r"\b(?:kafan\w*|boynun\w*|kelleni|kellesini|girtlagin\w*)\W+(?:\w+\W+)?(?:keserim|"
        r"kesecegim|kescem|kesecem|koparirim|koparacagim|ucururum|ucuracagim|sikarim|"
        r"sikacagim|sikcam)\b|\bkafana\W+(?:bir\W+)?(?:kursun|sikarim|sikacagim|sikcam)\b",
        0.95,
        "threat",
        "kafan* boynun* kelleni kellesini girtlagin*",
    ),
    rule(
        "threat to break bones (tr)",
        r"\b(?:bacak|kol|kafa|boyn|cene|dis|kemik|parmak|el)\w*\W+(?:\w+\W+)?(?:kirarim|"
        r"kirariz|kiracagim|kiracagiz|kircam|kircaz|kiracam|kiracaz|koparirim|koparacagim|"
        r"koparacagiz)\b",
        0.9,
        "threat",
        "kirarim kirariz kiracagim kiracagiz kircam kircaz kiracam kiracaz koparirim "
        "koparacagim koparacagiz",
    ),
    rule(
        "calls for a beating (tr)",
        r"\bgoren\W+(?:dover|dovsun|vurur|vursun|oldurur|bicaklar)\b|\bgordugunuz\W+yerde\W+"
        r"(?:dovun|vurun|oldurun|linc\W+edin)\b",
        0.85,
        "threat",
        "goren gordugunuz",
    ),
    rule(
        "threat to leave no one alive (tr)",
        r"\b(?:kimse\W+sag\W+cikmayacak|sag\W+cikamaz\w*|sag\W+birakmayacag\w*|"
        r"sag\W+birakmam|canli\W+cikamaz\w*|yasatmayacag\w*|yasatmam\b|"
        r"kaninizi\W+dokecegiz|kanini\W+dokecegim)",
        0.9,
        "threat",
        "kimse sag canli yasatmayacag* yasatmam kaninizi kanini",
    ),
    rule(
        "threat to turn up at the door (tr)",
        r"\b(?:onune|kapina|kapiniza|evine|evinize|isyerine|kapisina)\W+(?:\w+\W+)?"
        r"(?:gelecegiz|gelecegim|geliriz|gelirim|gelicez|gelcez|gelcem|dayanacagiz|dayaniriz)\b",
        0.6,
        "threat",
        "gelecegiz gelecegim geliriz gelirim gelicez gelcez gelcem dayanacagiz dayaniriz",
    ),
    rule(
        "threat to knock at the door (tr)",
        r"\b(?:bir\W+gece\W+)?kapi(?:sini|ni|nizi|larini)\W+(?:calariz|calarim|calacagiz|"
        r"calacagim|kirariz)\b",
        0.75,
        "threat",
        "kapisini kapini kapinizi kapilarini",
    ),
    rule(
        "knows where someone lives (tr)",
        r"\b(?:evini|evinizi|adresini|adresinizi|okulunu|isyerini)\W+(?:de\W+)?"
        r"(?:biliyorum|biliyoruz|buldum|bulduk)\b|\bnerede\W+(?:oturdugunu|yasadigini|"
        r"calistigini|oturdugunuzu)\W+(?:cok\W+iyi\W+)?(?:biliyorum|biliyoruz)\b",
        0.95,
        "threat",
        "evini evinizi adresini adresinizi okulunu isyerini nerede",
    ),
    rule(
        "veiled threat (tr)",
        r"\b(?:arkani\W+kolla\w*|gunun\W+gelecek|sonun\W+yakin|sonun\W+geldi|bunu\W+"
        r"odeyeceksin|bedelini\W+odeyeceksin|seni\W+pisman\W+edecegim|pisman\W+edecegim\W+"
        r"seni|elimden\W+kurtulamazsin|sana\W+gunu\w*\W+gosterecegim)\b",
        0.85,
        "threat",
        "arkani gunun sonun bunu bedelini seni pisman elimden sana",
    ),
    rule(
        "incites self-harm (tr)",
        r"\b(?:kendini\W+(?:oldur|as|vur|at|yak)|git\W+(?:geber|intihar\W+et)|geber\W+git|"
        r"geber\W+(?:lan|ulan|pislik|orospu\w*)|gebersen\W+de\W+kurtulsak|intihar\W+et)\b",
        0.95,
        "threat",
        "kendini git geber gebersen intihar",
    ),
    rule(
        "wishes someone dead (tr)",
        r"\b(?:geber|gebersin|gebersinler|gebereceksin|geberesice|geberesin|olesice|olesiceler)\b",
        0.8,
        "threat",
        "geber gebersin gebersinler gebereceksin geberesice geberesin olesice olesiceler",
    ),
    rule(
        "wishes someone dead (tr)",
        r"(?<!\w)(?:ölsün|ölsünler|öl\W+git|git\W+öl|gebermeli)(?!\w)",
        0.8,
        "threat",
        "olsun olsunler ol git gebermeli",
        exact=True,
    ),
    rule(
        "calls for a hanging or lynching (tr)",
        r"\b(?:asilmali\w*|asilsin\w*|asmak\W+lazim|ipe\W+cekilmeli\w*|ipe\W+cekilsin\w*|"
        r"kursuna\W+dizilmeli\w*|kursuna\W+dizilsin\w*|kursuna\W+dizin|vurulmali\w*|"
        r"vurulsun\w*|oldurulmeli\w*|oldurulsun\w*|gebertilmeli\w*|linc\W+edilmeli\w*|"
        r"linc\W+edin|linclensin|taslanmali\w*|kafasi\W+kesilmeli|kellesi\W+alinmali|"
        r"yakilmali\W+hepsi|diri\W+diri\W+yakilmali\w*)\b",
        0.8,
        "threat",
        "asilmali* asilsin* asmak ipe kursuna vurulmali* vurulsun* oldurulmeli* oldurulsun* "
        "gebertilmeli* linc linclensin taslanmali* kafasi kellesi yakilmali diri",
    ),
    rule(
        "calls for an execution (tr)",
        r"\bidam\W+(?:edilmeli\w*|edilsin\w*|edin)\b",
        0.6,
        "threat",
        "idam",
    ),
    rule(
        "calls to kill them all (tr)",
        r"\b(?:hepsini|hepinizi|hepsi)\W+(?:\w+\W+)?(?:oldurun|oldurmek\W+lazim|asin|"
        r"gebertin|kursuna\W+dizin|oldurmeli|gebersin|yok\W+edin)\b",
        0.9,
        "threat",
        "hepsini hepinizi hepsi",
    ),
)
