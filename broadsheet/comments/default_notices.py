"""The legal notice a new site starts with, in each language (editors change it per site).

Written for each language, not translated word for word: the Turkish text reads as a Turkish
newspaper's "yasal uyarı" would.
"""
# ruff: noqa: RUF001, RUF002 - Turkish text on purpose

from __future__ import annotations

DEFAULT_LEGAL_NOTICE_TR = (
    "Yorumlar yayımlanmadan önce bir editör tarafından okunur. Yorum gönderen okurumuz, "
    "yazdıklarından hukuken kendisinin sorumlu olduğunu kabul etmiş sayılır. Suç teşkil eden "
    "ya da suça özendiren; tehdit, taciz veya yıldırma içeren; hakaret, küfür ve aşağılayıcı "
    "ifadeler barındıran; herhangi bir kişiyi ya da topluluğu hedef alan nefret söylemi taşıyan; "
    "iftira niteliğindeki; müstehcen veya genel ahlaka aykırı; kişisel verileri ifşa eden, özel "
    "hayatın gizliliğini ya da kişilik haklarını ihlal eden; reklam, spam ya da dolandırıcılık "
    "amacı güden yorumlar yayımlanmaz; bunlardan doğacak hukuki sorumluluk yazarına aittir. "
    "IP adresiniz kötüye kullanımı önlemek amacıyla sınırlı bir süre saklanır ve yalnızca yasal "
    "bir zorunluluk olduğunda yetkili mercilerle paylaşılır."
)
