#pragma once

#include "server/alerts/AlertMessage.h"
#include "shared/core/Result.h"

namespace pmcp {

// The one adapter of libcurl (docs/ALERTS.md): sends an AlertMessage as an HTTP(S) POST or
// over SMTP with STARTTLS (smtp://, required, never silently plain) or TLS (smtps://), with
// authentication when a user is given. It blocks: the daemon calls it on a worker thread
// (AlertService), the CLI directly. Only http, https, smtp and smtps are allowed, redirects
// are not followed, and certificates are always verified.
class CurlTransport final {
public:
    // curl_global_init, once per process; call it on the main thread before any send().
    static void initialize();
    // ok for an HTTP 2xx or a message the mail server accepted; else why not, in a sentence.
    static Result<void> send(const AlertMessage &message, int timeoutMs);
};

} // namespace pmcp
