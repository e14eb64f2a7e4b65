vcl 4.1;
# Broadsheet's front cache. Anonymous readers' pages are cached for the s-maxage the app sends;
# Broadsheet purges exactly the paths that changed (HTTP PURGE from the app's own hosts).
#
# Invariants:
# - Lookups, the pass rules and purges all see one normalised URL (sub broadsheet_normalise),
#   which is also the URL sent to the app: a variant of a path that the app would answer with
#   the same page is cached and purged as that path.
# - The scheme the reader used (X-Forwarded-Proto, as Django reads it) is part of the cache key:
#   a plain-HTTP answer (the redirect to HTTPS, a page without HSTS) is never served over HTTPS.
# - Nothing is cached for a request with Django's session cookie (matched as a cookie name, not
#   as a substring), for the admin, /comments/ or /documents/, or for any method but GET/HEAD.

backend broadsheet {
    .host = "127.0.0.1";
    .port = "8001";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
}

acl purgers {
    "127.0.0.1";
    "::1";
}

# One spelling per resource: gunicorn percent-decodes the whole path before Django sees it, so
# "/%63ouncil-budget/", "/council%2Dbudget/" and "/council-budget/" are one page to the app.
# Escapes of unreserved characters (RFC 3986, 2.3) and of "/" are decoded; the hex digits of
# the escapes that remain are upper-cased (%c3%a7 -> %C3%A7, as Django's reverse() writes them).
# An absolute-form request target ("GET http://host/path") is reduced to its path.
sub broadsheet_normalise {
    if (req.url ~ "^[a-zA-Z][a-zA-Z0-9+.-]*://") {
        set req.url = regsub(req.url, "^[a-zA-Z][a-zA-Z0-9+.-]*://[^/?#]*", "");
        if (req.url !~ "^/") {
            set req.url = "/" + req.url;
        }
    }
    if (req.url !~ "%") {
        return;
    }
    set req.url = regsuball(req.url, "%a", "%A");
    set req.url = regsuball(req.url, "%b", "%B");
    set req.url = regsuball(req.url, "%c", "%C");
    set req.url = regsuball(req.url, "%d", "%D");
    set req.url = regsuball(req.url, "%e", "%E");
    set req.url = regsuball(req.url, "%f", "%F");
    set req.url = regsuball(req.url, "(%[0-9A-F])a", "\1A");
    set req.url = regsuball(req.url, "(%[0-9A-F])b", "\1B");
    set req.url = regsuball(req.url, "(%[0-9A-F])c", "\1C");
    set req.url = regsuball(req.url, "(%[0-9A-F])d", "\1D");
    set req.url = regsuball(req.url, "(%[0-9A-F])e", "\1E");
    set req.url = regsuball(req.url, "(%[0-9A-F])f", "\1F");
    set req.url = regsuball(req.url, "%41", "A");
    set req.url = regsuball(req.url, "%42", "B");
    set req.url = regsuball(req.url, "%43", "C");
    set req.url = regsuball(req.url, "%44", "D");
    set req.url = regsuball(req.url, "%45", "E");
    set req.url = regsuball(req.url, "%46", "F");
    set req.url = regsuball(req.url, "%47", "G");
    set req.url = regsuball(req.url, "%48", "H");
    set req.url = regsuball(req.url, "%49", "I");
    set req.url = regsuball(req.url, "%4A", "J");
    set req.url = regsuball(req.url, "%4B", "K");
    set req.url = regsuball(req.url, "%4C", "L");
    set req.url = regsuball(req.url, "%4D", "M");
    set req.url = regsuball(req.url, "%4E", "N");
    set req.url = regsuball(req.url, "%4F", "O");
    set req.url = regsuball(req.url, "%50", "P");
    set req.url = regsuball(req.url, "%51", "Q");
    set req.url = regsuball(req.url, "%52", "R");
    set req.url = regsuball(req.url, "%53", "S");
    set req.url = regsuball(req.url, "%54", "T");
    set req.url = regsuball(req.url, "%55", "U");
    set req.url = regsuball(req.url, "%56", "V");
    set req.url = regsuball(req.url, "%57", "W");
    set req.url = regsuball(req.url, "%58", "X");
    set req.url = regsuball(req.url, "%59", "Y");
    set req.url = regsuball(req.url, "%5A", "Z");
    set req.url = regsuball(req.url, "%61", "a");
    set req.url = regsuball(req.url, "%62", "b");
    set req.url = regsuball(req.url, "%63", "c");
    set req.url = regsuball(req.url, "%64", "d");
    set req.url = regsuball(req.url, "%65", "e");
    set req.url = regsuball(req.url, "%66", "f");
    set req.url = regsuball(req.url, "%67", "g");
    set req.url = regsuball(req.url, "%68", "h");
    set req.url = regsuball(req.url, "%69", "i");
    set req.url = regsuball(req.url, "%6A", "j");
    set req.url = regsuball(req.url, "%6B", "k");
    set req.url = regsuball(req.url, "%6C", "l");
    set req.url = regsuball(req.url, "%6D", "m");
    set req.url = regsuball(req.url, "%6E", "n");
    set req.url = regsuball(req.url, "%6F", "o");
    set req.url = regsuball(req.url, "%70", "p");
    set req.url = regsuball(req.url, "%71", "q");
    set req.url = regsuball(req.url, "%72", "r");
    set req.url = regsuball(req.url, "%73", "s");
    set req.url = regsuball(req.url, "%74", "t");
    set req.url = regsuball(req.url, "%75", "u");
    set req.url = regsuball(req.url, "%76", "v");
    set req.url = regsuball(req.url, "%77", "w");
    set req.url = regsuball(req.url, "%78", "x");
    set req.url = regsuball(req.url, "%79", "y");
    set req.url = regsuball(req.url, "%7A", "z");
    set req.url = regsuball(req.url, "%30", "0");
    set req.url = regsuball(req.url, "%31", "1");
    set req.url = regsuball(req.url, "%32", "2");
    set req.url = regsuball(req.url, "%33", "3");
    set req.url = regsuball(req.url, "%34", "4");
    set req.url = regsuball(req.url, "%35", "5");
    set req.url = regsuball(req.url, "%36", "6");
    set req.url = regsuball(req.url, "%37", "7");
    set req.url = regsuball(req.url, "%38", "8");
    set req.url = regsuball(req.url, "%39", "9");
    set req.url = regsuball(req.url, "%2D", "-");
    set req.url = regsuball(req.url, "%2E", ".");
    set req.url = regsuball(req.url, "%5F", "_");
    set req.url = regsuball(req.url, "%7E", "~");
    set req.url = regsuball(req.url, "%2F", "/");
}

sub vcl_recv {
    call broadsheet_normalise;
    # Django takes the first value of X-Forwarded-Proto; the app and the cache key see the same.
    if (req.http.X-Forwarded-Proto ~ "^\s*https\s*(,|$)") {
        set req.http.X-Forwarded-Proto = "https";
    } else {
        set req.http.X-Forwarded-Proto = "http";
    }
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed"));
        }
        # Every cached variant of the path (any query string, either scheme) goes at once.
        ban("obj.http.x-path == " + regsub(req.url, "\?.*$", ""));
        return (synth(200, "Purged"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Staff, reader endpoints and anything personal go straight to the app.
    if (req.url ~ "^/(admin|comments|documents)(/|\?|$)" ||
        req.http.Cookie ~ "(^|;)\s*sessionid=") {
        return (pass);
    }
    # Public pages do not depend on cookies (the CSRF cookie is only read by /comments/).
    unset req.http.Cookie;
    return (hash);
}

sub vcl_hash {
    hash_data(req.url);
    if (req.http.host) {
        hash_data(req.http.host);
    } else {
        hash_data(server.ip);
    }
    hash_data(req.http.X-Forwarded-Proto);
    return (lookup);
}

sub vcl_backend_response {
    set beresp.http.x-path = regsub(bereq.url, "\?.*$", "");
    if (beresp.http.Set-Cookie || beresp.http.Cache-Control ~ "(private|no-store|no-cache)") {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    if (beresp.status == 404) {
        set beresp.ttl = 30s;
    }
}

sub vcl_deliver {
    unset resp.http.x-path;
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
