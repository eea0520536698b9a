// SPDX-License-Identifier: GPL-2.0-or-later
#include "conn_loader.hpp"

#include <algorithm>
#include <cstring>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <optional>
#include <sys/socket.h>

namespace iked {

namespace conf = ipsec::conf;
namespace eng = ipsec::ike::engine;

namespace {

std::optional<ipxf::Address> host_address(const conf::ConnEnd& end) {
    for (const auto& h : end.hosts)
        if (h.kind == conf::HostKind::address)
            return ipxf::Address::parse(h.text);
    return std::nullopt;
}

bool is_local(const std::optional<ipxf::Address>& a, const std::vector<ipxf::Address>& locals) {
    return a && std::find(locals.begin(), locals.end(), *a) != locals.end();
}

// leftid/rightid as the engine's Identity: an address, @fqdn, user@fqdn, or a name.
eng::Identity parse_identity(const std::string& text) {
    if (auto a = ipxf::Address::parse(text))
        return eng::Identity::from_address(*a);
    if (text.starts_with("@#"))
        return eng::Identity::key_id(text.substr(2));
    if (text.starts_with("@"))
        return eng::Identity::fqdn(text.substr(1));
    if (text.find('@') != std::string::npos)
        return eng::Identity::user_fqdn(text);
    return eng::Identity::fqdn(text);
}

std::string join_proposals(const conf::ProposalList& list) {
    std::string out;
    for (const auto& p : list.proposals) {
        if (!out.empty())
            out += ",";
        out += p;
    }
    if (list.strict)
        out += "!";
    return out;
}

std::optional<std::vector<eng::TrafficSelectorConfig>>
selectors(const std::vector<conf::TrafficSelector>& subnets,
          const std::optional<conf::ProtoPort>& proto_port, const ipxf::Address& host,
          std::string& why) {
    std::vector<eng::TrafficSelectorConfig> out;
    auto add = [&](const eng::Subnet& subnet, const conf::ProtoPort& pp) {
        eng::TrafficSelectorConfig ts{subnet};
        ts.protocol = pp.protocol.value_or(0);
        ts.start_port = pp.port_from;
        ts.end_port = pp.port_to;
        out.push_back(ts);
    };
    if (subnets.empty()) {
        if (proto_port)
            add(eng::Subnet::host(host), *proto_port);
        return out; // empty: the engine uses the host itself
    }
    for (const auto& s : subnets) {
        const conf::ProtoPort pp =
            proto_port && !s.proto_port.protocol ? *proto_port : s.proto_port;
        if (s.dynamic()) {
            add(eng::Subnet::host(host), pp);
            continue;
        }
        auto subnet = eng::Subnet::parse(s.network);
        if (!subnet) {
            why = "subnet " + s.network + " is not supported by iked (only address/prefix)";
            return std::nullopt;
        }
        add(*subnet, pp);
    }
    return out;
}

std::vector<std::string> ts_text(const std::vector<conf::TrafficSelector>& subnets) {
    std::vector<std::string> out;
    for (const auto& s : subnets)
        out.push_back(s.dynamic() ? "dynamic" : s.network);
    if (out.empty())
        out.push_back("dynamic");
    return out;
}

eng::DpdAction dpd_action(conf::SaAction a) {
    switch (a) {
    case conf::SaAction::clear:
        return eng::DpdAction::clear;
    case conf::SaAction::hold:
        return eng::DpdAction::hold;
    case conf::SaAction::restart:
        return eng::DpdAction::restart;
    case conf::SaAction::none:
        break;
    }
    return eng::DpdAction::none;
}

} // namespace

std::vector<ipxf::Address> local_addresses() {
    std::vector<ipxf::Address> out;
    ifaddrs* list = nullptr;
    if (::getifaddrs(&list) != 0)
        return out;
    for (ifaddrs* i = list; i; i = i->ifa_next) {
        if (!i->ifa_addr)
            continue;
        ipxf::Address a;
        if (i->ifa_addr->sa_family == AF_INET) {
            a.family = AF_INET;
            const auto* sin = reinterpret_cast<const sockaddr_in*>(i->ifa_addr);
            std::memcpy(a.bytes.data(), &sin->sin_addr, 4);
        } else if (i->ifa_addr->sa_family == AF_INET6) {
            a.family = AF_INET6;
            const auto* sin6 = reinterpret_cast<const sockaddr_in6*>(i->ifa_addr);
            std::memcpy(a.bytes.data(), &sin6->sin6_addr, 16);
        } else {
            continue;
        }
        out.push_back(a);
    }
    ::freeifaddrs(list);
    return out;
}

LoadResult load_conns(const conf::IpsecConf& cfg, const conf::IpsecSecrets& secrets,
                      const std::vector<ipxf::Address>& locals) {
    LoadResult result;
    for (const auto& c : cfg.conns) {
        auto skip = [&](const std::string& why) {
            result.problems.push_back(c.position.to_string() + ": conn '" + c.name +
                                      "' not loaded: " + why);
        };
        if (c.auto_action == conf::AutoAction::ignore)
            continue;
        if (c.authby != conf::AuthBy::psk) {
            skip("only authby=secret/psk is supported by iked so far");
            continue;
        }
        if (c.type != conf::ConnType::transport && c.type != conf::ConnType::tunnel) {
            skip("type=passthrough/drop is not supported by iked");
            continue;
        }
        auto left = host_address(c.left);
        auto right = host_address(c.right);
        const conf::ConnEnd* local_end = nullptr;
        const conf::ConnEnd* remote_end = nullptr;
        std::optional<ipxf::Address> local, remote;
        if (is_local(left, locals)) {
            local_end = &c.left, remote_end = &c.right, local = left, remote = right;
        } else if (is_local(right, locals)) {
            local_end = &c.right, remote_end = &c.left, local = right, remote = left;
        } else {
            skip("neither left= nor right= is an address of this host");
            continue;
        }
        LoadedConn lc;
        lc.auto_action = c.auto_action;
        auto& p = lc.peer;
        p.name = c.name;
        p.local.address = *local;
        if (remote)
            p.remote.address = *remote;
        if (local_end->id)
            p.local_id = parse_identity(*local_end->id);
        if (remote_end->id)
            p.remote_id = parse_identity(*remote_end->id);
        const std::string local_id_text = local_end->id.value_or(local->to_string());
        const std::string remote_id_text =
            remote_end->id.value_or(remote ? remote->to_string() : std::string("%any"));
        const auto* psk = secrets.find_psk(local_id_text, remote_id_text);
        if (!psk) {
            skip("no PSK in ipsec.secrets for " + local_id_text + " - " + remote_id_text);
            continue;
        }
        p.psk.assign(psk->secret.begin(), psk->secret.end());
        if (c.ike)
            p.ike_proposals = join_proposals(*c.ike);
        p.ikelifetime = c.ikelifetime;
        p.margintime = c.margintime;
        p.rekey = c.rekey;
        p.dpddelay = c.dpdaction == conf::SaAction::none ? std::chrono::seconds(0) : c.dpddelay;
        p.dpdaction = dpd_action(c.dpdaction);
        p.closeaction = dpd_action(c.closeaction);
        p.keyingtries = c.keyingtries;
        p.mobike = c.mobike;

        eng::ChildConfig child;
        child.name = c.name;
        child.mode = c.type == conf::ConnType::transport ? eng::ChildMode::transport
                                                         : eng::ChildMode::tunnel;
        std::string why;
        auto lts = selectors(local_end->subnets, local_end->proto_port, *local, why);
        auto rts = remote ? selectors(remote_end->subnets, remote_end->proto_port, *remote, why)
                          : std::optional<std::vector<eng::TrafficSelectorConfig>>(
                                std::vector<eng::TrafficSelectorConfig>{});
        if (!lts || !rts) {
            skip(why);
            continue;
        }
        child.local_ts = *lts;
        child.remote_ts = *rts;
        if (c.esp)
            child.esp_proposals = join_proposals(*c.esp);
        child.lifetime = c.lifetime;
        child.margintime = c.margintime;
        child.rekey = c.rekey;
        child.reqid = c.reqid.value_or(0);
        p.children.push_back(child);

        auto& st = lc.status;
        st.name = c.name;
        st.local_addrs = local->to_string();
        st.remote_addrs = remote ? remote->to_string() : "%any";
        st.local_id = local_id_text;
        st.remote_id = remote_end->id.value_or(remote ? remote->to_string() : "%any");
        ChildConnStatus cs;
        cs.name = c.name;
        cs.local_ts = ts_text(local_end->subnets);
        cs.remote_ts = ts_text(remote_end->subnets);
        cs.mode = c.type == conf::ConnType::transport ? "TRANSPORT" : "TUNNEL";
        st.children.push_back(cs);
        result.conns.push_back(std::move(lc));
    }
    return result;
}

} // namespace iked
