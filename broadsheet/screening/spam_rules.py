"""Offer and advertising rules (money, gambling, cures), used by `links_spam`."""

# ruff: noqa: RUF001 - Turkish letters and look-alikes are the subject here

from __future__ import annotations

from broadsheet.screening.rules import Rule, rule

_AMOUNT = (
    r"(?:[$£€]\W*\d[\d,.]*\W*k?|"
    r"\d[\d,.]*\W*(?:k\W+)?(?:usd|dollars|pounds|euros|tl|lira|bin\W+tl)\b)"
)
_PERIOD = r"(?:(?:a|per|each|every)\W+|/\W*)(?:day|week|month|hour|daily|weekly|monthly)\b"

OFFER_RULES: tuple[Rule, ...] = (
    # An amount per period is an offer when it is offered: "Earn $500 a day!", "you can
    # make...", "I made... from home"; "care workers earn £400 a week" is a report.
    rule(
        "money-making offer",
        r"(?:^|[.!?]\s*|\b(?:you\W+(?:can|could|will)|and|i|we|now|to|easily|just|start)\W+)"
        r"(?:earn|make|made|making|earning|get|got|receive|paid)\W+(?:up\W+to\W+|over\W+|"
        rf"at\W+least\W+)?{_AMOUNT}\W*(?:\w+\W+){{0,3}}?{_PERIOD}",
        0.7,
        "spam",
        "earn make made making earning get got receive paid",
        also="day week month hour daily weekly monthly",
    ),
    rule(
        "money-making offer",
        rf"\b(?:work(?:ing)?\W+from\W+home|online\W+job|from\W+the\W+comfort\W+of\W+your\W+"
        rf"home)\W+(?:\w+\W+){{0,8}}?(?:earn|make|paid|income|{_AMOUNT})|\b(?:easy|fast|quick)"
        r"\W+money\b|\b(?:make|earn)\W+money\W+(?:online|from\W+home|fast)\b|\bpassive\W+"
        r"income\b|\bfinancial\W+freedom\b|\bbe\W+your\W+own\W+boss\b|\bno\W+experience\W+"
        r"(?:needed|required)\b|\bget\W+paid\W+(?:daily|weekly|to\W+(?:work|post|type))\b",
        0.7,
        "spam",
        "home job comfort money income freedom boss experience paid",
    ),
    rule(
        "pharmacy spam",
        r"\b(?:viagra|cialis|levitra|kamagra|tadalafil|sildenafil|phentermine|modafinil|"
        r"diet\W+pills|weight\W+loss\W+pills|male\W+enhancement|penis\W+enlargement|"
        r"enlarge\W+your|online\W+pharmacy|pharmacy\W+online|no\W+prescription\W+needed)\b",
        0.7,
        "spam",
        "viagra cialis levitra kamagra tadalafil sildenafil phentermine modafinil pills "
        "enhancement enlargement enlarge pharmacy prescription",
    ),
    # (Brand names are written as normalisation leaves them: "bet365" reads "bete6s".)
    rule(
        "gambling spam",
        r"\b(?:online\W+casino|casino\W+(?:bonus|online|sitesi|siteleri)|free\W+spins|"
        r"no\W+deposit\W+bonus|deposit\W+bonus|welcome\W+bonus|betting\W+tips|sure\W+bets?|"
        r"fixed\W+match(?:es)?|bete6s|ixbet|betwinner|mostbet|canli\W+bahis|bahis\W+"
        r"(?:sitesi|siteleri|oyna|bonusu)|deneme\W+bonusu|bedava\W+bonus|yatirimsiz\W+bonus|"
        r"cevrimsiz\W+bonus|kumar\W+sitesi|slot\W+oyunlari|iddaa\W+tahmin\w*|kupon\W+paylas\w*|"
        r"guvenilir\W+bahis|canli\W+bahis\w*|garantili\W+kupon\w*|free\W+bets?|best\W+online\W+"
        r"(?:pokies|casino|slots|betting))\b",
        0.7,
        "spam",
        "casino spins deposit bonus betting bets bet sure fixed matches match tips bete6s ixbet "
        "bahis* kumar* slot* iddaa* kupon* garantili* guvenilir* yatirimsiz* cevrimsiz* "
        "betwinner mostbet bahis bahiste bonusu kumar slot iddaa kupon kuponu pokies",
    ),
    rule(
        "crypto scheme",
        r"\b(?:bitcoin|btc|crypto|cryptocurrency|ethereum|eth|usdt|forex|binary\W+options?)\W+"
        r"(?:\w+\W+){0,2}?(?:doubler|doubling|investment\W+(?:platform|plan|manager|expert)|"
        r"mining\W+(?:platform|pool|investment)|signals?|giveaway|trading\W+(?:platform|expert|"
        r"signals|account\W+manager|mentor))\b|\b(?:double|triple)\W+your\W+(?:bitcoin|btc|"
        r"crypto|money|investment)\b|\bguaranteed\W+(?:profit|returns?|income)\b|\b"
        r"(?:recover|recovery\W+of)\W+(?:your\W+)?(?:lost|stolen|scammed)\W+(?:funds|bitcoin|"
        r"crypto|money)\b|\bkripto\W+(?:sinyal\w*|yatirim\W+grubu)\b|\bgarantili\W+kazanc\b|"
        r"\bgunluk\W+(?:\d+\W+)?(?:tl\W+)?kazanc\b|"
        # "paranizi ikiye katlayin" is an offer; "faturalar ikiye katlandi" is news (folded).
        r"\b(?:para\w*|yatirim\w*|birikim\w*|bitcoin\w*|kripto\w*|sermaye\w*)\W+(?:\w+\W+){0,2}?"
        r"(?:ikiye|iki|uc)\W+(?:katla(?!n)\w*|katina\W+cikar\w*)",
        0.8,
        "spam",
        "bitcoin btc crypto cryptocurrency ethereum eth usdt forex binary double triple "
        "guaranteed recover recovery kripto garantili gunluk ikiye iki uc",
    ),
    rule(
        "advertising call to action",
        r"\b(?:click\W+(?:here|the\W+link|my\W+profile|this\W+link|below)|visit\W+(?:my|our)\W+"
        r"(?:site|website|page|profile|blog|channel|shop|store)|check\W+out\W+my\W+(?:site|"
        r"website|profile|channel|blog|page|shop)|subscribe\W+to\W+my\W+channel|follow\W+me\W+on|"
        r"dm\W+me\W+for|contact\W+(?:him|her|them|mr|mrs|dr)\W+(?:\w+\W+)?(?:on|via|through)\W+"
        r"(?:whatsapp|telegram|email|instagram)|buy\W+(?:cheap\W+)?followers|cheap\W+followers|"
        r"seo\W+services?|backlinks?\W+(?:service|package)|limited\W+(?:time\W+)?offer|"
        r"100\W*%\W+guaranteed|hot\W+singles|meet\W+singles|my\W+onlyfans|onlyfans\W+link|"
        r"linke\W+tikla|tikla\W+kazan|hemen\W+tikla|takipci\W+satin\W+al|ucretsiz\W+takipci|"
        r"biodaki\W+link|profilimdeki\W+link|link\W+in\W+(?:my\W+)?bio|grubumuza\W+katil\w*|"
        r"kanalimiza\W+katil\w*|join\W+(?:my|our)\W+(?:telegram|whatsapp|group|channel)|"
        r"evden\W+calisarak\W+(?:\w+\W+){0,3}?kazan\w*|"
        r"ayda\W+\d[\d.]*\W*(?:bin\W+)?(?:tl|lira)\W+kazan\w*)\b",
        0.6,
        "spam",
        "click visit check subscribe follow dm whatsapp telegram email instagram followers seo "
        "backlink backlinks limited offer guaranteed singles onlyfans linke tikla takipci "
        "biodaki profilimdeki bio grubumuza kanalimiza join evden ayda",
    ),
    rule(
        "self-promotion",
        r"\b(?:check\W+out|visit|watch|see|look\W+at)\W+(?:my|our)\W+(?:new\W+|latest\W+|"
        r"youtube\W+|yt\W+|music\W+|own\W+)?(?:channel|vlog|videos?|music|songs?|mixtape|"
        r"blog|page|profile|instagram|insta|tiktok|stream|podcast|store|shop|playlist|covers?)\b|"
        r"\b(?:subscribe|sub)\W+(?:to\W+(?:me|my\W+\w+)|and\W+i\W*(?:['’]?ll|will)\W+"
        r"(?:subscribe|sub)|back|4\W*sub)\b|\bsub\W*(?:4|a|for)\W*sub\b|\bfollow\W+(?:me|my)\W+"
        r"(?:\w+\W+)?(?:back|on|channel|page|instagram|insta|twitter|tiktok)\b|"
        r"\bi\W*(?:['’]?ll|will)\W+(?:subscribe|sub|follow)\W+(?:back|to\W+you)\b|"
        r"\b(?:kanalima|kanalimiza|sayfama|profilime|instagramima)\W+(?:\w+\W+)?(?:abone\W+ol|"
        r"goz\W+at|bak|gel|katil)\w*|\babone\W+ol(?:un|ur\W+musunuz)?\b|"
        r"\babone\W+olana\W+abone\b|\bgeri\W+takip\b|\btakip\W+edene\W+takip\b",
        0.5,
        "spam",
        "check visit watch see look subscribe sub sub4sub subasub follow kanalima kanalimiza "
        "sayfama profilime instagramima abone geri takip",
    ),
    rule(
        "like-bait",
        # "Like this comment if...", "Like if you...", "thumbs up if": not "what it's like so
        # you look dumb", "just like if you're", "I'd like for", "like this so much".
        r"(?:^|[.!?\n]\s*|\b(?:please|pls|plz|and|also)\W+)(?:like|upvote)\W+if\b|"
        r"\b(?:like|upvote)\W+this\W+(?:comment\W+|post\W+)?(?:if|for)\b|"
        r"\b(?:like|upvote)\W+(?:this\W+(?:comment\W+|post\W+)?)?so\W+(?:more|others|people|"
        r"everyone|that|it\W+gets)\b|\b(?:like|upvote)\W+this\W+comment\W+so\b|"
        r"\bthumbs\W+up\W+(?:this\W+(?:comment\W+)?)?(?:if|so)\b|"
        r"\bwho\W+(?:else\W+)?is\W+(?:still\W+)?(?:watching|listening|here)\W+in\W+\d+|"
        r"\b(?:begen|like\W+at)\w*\W+(?:eger|eğer|ki)\b|\bbegenirseniz\b|\bbegeni\W+atin\b",
        0.5,
        "spam",
        "thumbs like likes upvote who begen* begenirseniz begeni",
    ),
    rule(
        "betting or gambling word",
        r"\b(?:bahis|kumar|casino|kumarhane|slot)\b",
        0.3,
        "spam",
        "bahis kumar casino kumarhane slot",
    ),
)
