// SPDX-License-Identifier: GPL-2.0-or-later
// CaSection: a `ca NAME` section of ipsec.conf, typed; kept for the certificate support.
#pragma once

#include "conf/source_position.hpp"

#include <optional>
#include <string>
#include <vector>

namespace ipsec::conf {

struct CaSection {
    std::string name;
    SourcePosition position;
    std::vector<std::string> also;
    bool add = false;                   // auto=add (default auto=ignore)
    std::optional<std::string> cacert;  // path, relative to /etc/ipsec.d/cacerts or absolute
    std::vector<std::string> crl_uris;  // crluri (crluri1), crluri2
    std::vector<std::string> ocsp_uris; // ocspuri (ocspuri1), ocspuri2
    std::optional<std::string> certuribase;
};

} // namespace ipsec::conf
