// SPDX-License-Identifier: GPL-2.0-or-later
// IpsecConf: ipsec.conf parsed, merged (%default, also=) and typed.
//
//   SystemFileReader files;
//   auto conf = parse_ipsec_conf(files, "/etc/ipsec.conf");
//   if (!conf) { std::cerr << conf.error().message << '\n'; ... }   // "file:line:column: ..."
//   for (const auto& w : conf->warnings) std::cerr << w.to_string() << '\n';
#pragma once

#include "common/result.hpp"
#include "conf/ca_section.hpp"
#include "conf/conf_options.hpp"
#include "conf/config_setup.hpp"
#include "conf/conn.hpp"
#include "conf/diagnostic.hpp"
#include "conf/file_reader.hpp"

#include <optional>
#include <string>
#include <vector>

namespace ipsec::conf {

struct IpsecConf {
    std::optional<std::string> version;
    ConfigSetup setup;
    std::vector<Conn> conns;          // in order of first appearance; %default is not one of them
    std::vector<CaSection> cas;       // likewise
    std::vector<Diagnostic> warnings; // includes matching nothing, then keywords in file order

    const Conn* find_conn(const std::string& name) const;
    const CaSection* find_ca(const std::string& name) const;
};

Result<IpsecConf> parse_ipsec_conf(FileReader& reader, const std::string& path,
                                   const ConfOptions& options = {});

} // namespace ipsec::conf
