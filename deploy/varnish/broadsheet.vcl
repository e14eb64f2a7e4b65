vcl 4.1;
# Broadsheet's front cache. Anonymous readers' pages are cached for the s-maxage the app sends;
# Broadsheet purges exactly the paths that changed (HTTP PURGE from the app's own hosts).

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

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed"));
        }
        # Every cached variant of the path (any query string) goes at once.
        ban("obj.http.x-path == " + regsub(req.url, "\?.*$", ""));
        return (synth(200, "Purged"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Staff, reader endpoints and anything personal go straight to the app.
    if (req.url ~ "^/(admin|comments|documents)/" || req.http.Cookie ~ "sessionid=") {
        return (pass);
    }
    # Public pages do not depend on cookies (the CSRF cookie is only read by /comments/).
    unset req.http.Cookie;
    return (hash);
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
