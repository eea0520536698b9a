// SPDX-License-Identifier: GPL-2.0-or-later
// ConnLoader: ipsec.conf's conns (lib/conf) turned into what the IKE engine is
// told (PeerConfig with one ChildConfig of the conn's name) and into the
// connection part of the status model. Which end is ours is decided by the
// host's addresses: left= or right= must be one of them (strongSwan's rule).
// A conn iked cannot run (no local end, no PSK, another authby) is reported
// with its file:line and left out; the rest still load.
#pragma once

#include "conf/conn.hpp"
#include "conf/ipsec_conf.hpp"
#include "conf/ipsec_secrets.hpp"
#include "ike/engine/config.hpp"
#include "status.hpp"
#include "xfrm/model.hpp"

#include <string>
#include <vector>

namespace iked {

struct LoadedConn {
    ipsec::ike::engine::PeerConfig peer;
    ipsec::conf::AutoAction auto_action = ipsec::conf::AutoAction::ignore;
    ConnStatus status;
};

struct LoadResult {
    std::vector<LoadedConn> conns;
    std::vector<std::string> problems; // "file:line:col: conn 'x': why it was left out"
};

LoadResult load_conns(const ipsec::conf::IpsecConf& conf, const ipsec::conf::IpsecSecrets& secrets,
                      const std::vector<ipxf::Address>& local_addresses);

// The addresses configured on this host's interfaces (getifaddrs).
std::vector<ipxf::Address> local_addresses();

} // namespace iked
