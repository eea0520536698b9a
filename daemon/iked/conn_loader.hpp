// SPDX-License-Identifier: GPL-2.0-or-later
// ConnLoader: ipsec.conf's conns (lib/conf) turned into what the IKE engine is
// told (PeerConfig with one ChildConfig of the conn's name) and into the
// connection part of the status model. Which end is ours is decided by the
// host's addresses: left= or right= must be one of them (strongSwan's rule).
// A conn iked cannot run as written (a keyword or value it does not implement,
// no local end, no PSK) is reported with its file:line:column and left out;
// the rest still load.
#pragma once

#include "conf/conn.hpp"
#include "conf/ipsec_conf.hpp"
#include "conf/ipsec_secrets.hpp"
#include "ike/engine/config.hpp"
#include "status.hpp"
#include "updown.hpp"
#include "xfrm/model.hpp"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace iked {

struct LoadedConn {
    ipsec::ike::engine::PeerConfig peer;
    ipsec::conf::AutoAction auto_action = ipsec::conf::AutoAction::ignore;
    UpdownConfig updown; // the local end's leftupdown/leftfirewall
    ConnStatus status;
    // Whether a reload must replace it (the status part does not count).
    bool same_config(const LoadedConn& other) const {
        return peer == other.peer && auto_action == other.auto_action && updown == other.updown;
    }
};

struct LoadResult {
    std::vector<LoadedConn> conns;
    std::vector<std::string> problems; // "file:line:col: conn 'x' not loaded: why"
    // The conns left out, by name, with that message (ikectl up NAME shows it).
    std::map<std::string, std::string> refused;
};

// Looks up a host name of left=/right= (empty: not found).
using HostResolver = std::function<std::vector<ipxf::Address>(const std::string& name)>;

// getaddrinfo(), every IPv4 and IPv6 address once.
std::vector<ipxf::Address> resolve_host_name(const std::string& name);

// Every conn with auto= other than ignore, loaded or refused. A conn is refused
// (with the file:line:column of the keyword or value) when it sets anything
// iked does not implement, so that no conn runs other than as written.
LoadResult load_conns(const ipsec::conf::IpsecConf& conf, const ipsec::conf::IpsecSecrets& secrets,
                      const std::vector<ipxf::Address>& local_addresses,
                      const HostResolver& resolve = resolve_host_name);

// The addresses configured on this host's interfaces (getifaddrs).
std::vector<ipxf::Address> local_addresses();

} // namespace iked
