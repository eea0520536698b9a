// SPDX-License-Identifier: GPL-2.0-or-later
#include "conn_loader.hpp"

#include "ike/engine/proposals.hpp"
#include "sockaddr_address.hpp"

#include <algorithm>
#include <cstring>
#include <ifaddrs.h>
#include <netdb.h>
#include <netinet/in.h>
#include <optional>
#include <sys/socket.h>

namespace iked {

namespace conf = ipsec::conf;
namespace eng = ipsec::ike::engine;
namespace crypto = ipsec::ike::crypto;

namespace {

// Why a conn is not loaded, where it is written; the first one is reported.
struct Refusal {
    conf::SourcePosition where;
    std::string why;
};

// Where `key` is written for this conn (its value), or the conn's name.
conf::SourcePosition where(const conf::Conn& c, std::string_view key) {
    if (const auto* k = c.find(key))
        return k->value_position;
    return c.position;
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

bool is_any_id(const std::optional<std::string>& id) {
    return id && (*id == "%any" || *id == "%any4" || *id == "%any6");
}

// One end's hosts (left= or right=) resolved: its addresses (names looked up),
// and, for a responder's remote end, the subnets and ranges it accepts.
struct EndHosts {
    std::vector<ipxf::Address> addresses;
    std::vector<eng::TsRange> ranges; // subnets and ranges as written
    bool any = false;                 // %any or nothing
};

std::optional<Refusal> resolve_hosts(const conf::Conn& c, const conf::ConnEnd& end,
                                     std::string_view key, const HostResolver& resolve,
                                     EndHosts& out) {
    if (end.hosts.empty())
        out.any = true;
    for (const auto& h : end.hosts) {
        switch (h.kind) {
        case conf::HostKind::any:
            out.any = true;
            break;
        case conf::HostKind::address:
            if (auto a = ipxf::Address::parse(h.text))
                out.addresses.push_back(*a);
            break;
        case conf::HostKind::fqdn: {
            auto found = resolve ? resolve(h.text) : std::vector<ipxf::Address>{};
            if (found.empty())
                return Refusal{where(c, key), "cannot resolve host name '" + h.text + "'"};
            out.addresses.insert(out.addresses.end(), found.begin(), found.end());
            break;
        }
        case conf::HostKind::range:
        case conf::HostKind::subnet: {
            auto range = eng::TsRange::parse_addresses(h.text);
            if (!range)
                return Refusal{where(c, key), "'" + h.text + "' is not a subnet or range"};
            out.ranges.push_back(*range);
            break;
        }
        case conf::HostKind::default_route:
            return Refusal{where(c, key), "%defaultroute: this host has no default route"};
        }
    }
    return std::nullopt;
}

std::optional<eng::TrafficSelectorConfig>
selector(const conf::TrafficSelector& s, const conf::ProtoPort& pp, const ipxf::Address& host) {
    eng::TrafficSelectorConfig ts;
    if (s.dynamic()) {
        ts.subnet = eng::Subnet::host(host);
    } else {
        auto subnet = eng::Subnet::parse(s.network);
        if (!subnet)
            return std::nullopt;
        ts.subnet = *subnet;
    }
    ts.protocol = pp.protocol.value_or(0);
    ts.start_port = pp.port_from;
    ts.end_port = pp.port_to;
    return ts;
}

std::optional<Refusal> selectors(const conf::Conn& c, const conf::ConnEnd& end,
                                 std::string_view prefix, const ipxf::Address& host,
                                 std::vector<eng::TrafficSelectorConfig>& out) {
    if (end.subnets.empty()) {
        if (end.proto_port)
            out.push_back(*selector(conf::TrafficSelector{}, *end.proto_port, host));
        return std::nullopt; // empty: the engine uses the host itself
    }
    for (const auto& s : end.subnets) {
        const conf::ProtoPort pp =
            end.proto_port && !s.proto_port.protocol ? *end.proto_port : s.proto_port;
        if (pp.opaque)
            return Refusal{where(c, std::string(prefix) + "subnet"),
                           "%opaque ports are not implemented yet"};
        auto ts = selector(s, pp, host);
        if (!ts)
            return Refusal{where(c, std::string(prefix) + "subnet"),
                           "subnet " + s.network + ": only address/prefix is implemented"};
        out.push_back(*ts);
    }
    return std::nullopt;
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

std::optional<Refusal> marks(const conf::Conn& c, eng::ChildConfig& child) {
    auto take = [&](const std::optional<conf::Mark>& m, std::string_view key,
                    eng::MarkConfig& out) -> std::optional<Refusal> {
        if (!m)
            return std::nullopt;
        if (m->special != conf::Mark::Special::none)
            return Refusal{where(c, key), "%unique marks are not implemented yet"};
        out = eng::MarkConfig{m->value, m->mask};
        return std::nullopt;
    };
    for (auto* out : {&child.mark_in, &child.mark_out})
        if (auto r = take(c.mark, "mark", *out))
            return r;
    if (auto r = take(c.mark_in, "mark_in", child.mark_in))
        return r;
    return take(c.mark_out, "mark_out", child.mark_out);
}

// The conn's fields the engine takes, or why it cannot be loaded.
std::optional<Refusal> refusal_of_method(const conf::Conn& c) {
    if (c.authby != conf::AuthBy::psk)
        return Refusal{where(c, "authby"),
                       c.find("authby")
                           ? "only authby=secret/psk is implemented by iked so far"
                           : "authby defaults to pubkey (certificates), which iked does not "
                             "implement yet: set authby=secret"};
    for (const auto* end : {&c.left, &c.right})
        if (end->auth && end->auth->method != conf::AuthClass::psk)
            return Refusal{where(c, end == &c.left ? "leftauth" : "rightauth"),
                           "public key authentication is not implemented by iked yet"};
    if (c.type != conf::ConnType::transport && c.type != conf::ConnType::tunnel)
        return Refusal{where(c, "type"), "type=passthrough/drop is not implemented by iked yet"};
    return std::nullopt;
}

struct Ends {
    const conf::ConnEnd* local = nullptr;
    const conf::ConnEnd* remote = nullptr;
    std::string local_prefix; // "left" or "right"
    std::string remote_prefix;
    EndHosts local_hosts;
    EndHosts remote_hosts;
    ipxf::Address local_address;
};

bool has_local(const EndHosts& hosts, const std::vector<ipxf::Address>& locals,
               ipxf::Address& found) {
    for (const auto& a : hosts.addresses)
        if (std::find(locals.begin(), locals.end(), a) != locals.end()) {
            found = a;
            return true;
        }
    return false;
}

std::optional<Refusal> choose_ends(const conf::Conn& c, const std::vector<ipxf::Address>& locals,
                                   const HostResolver& resolve, Ends& e) {
    EndHosts left, right;
    if (auto r = resolve_hosts(c, c.left, "left", resolve, left))
        return r;
    if (auto r = resolve_hosts(c, c.right, "right", resolve, right))
        return r;
    if (has_local(left, locals, e.local_address)) {
        e.local = &c.left, e.remote = &c.right, e.local_prefix = "left", e.remote_prefix = "right";
        e.local_hosts = std::move(left), e.remote_hosts = std::move(right);
    } else if (has_local(right, locals, e.local_address)) {
        e.local = &c.right, e.remote = &c.left, e.local_prefix = "right", e.remote_prefix = "left";
        e.local_hosts = std::move(right), e.remote_hosts = std::move(left);
    } else {
        return Refusal{c.position, "neither left= nor right= is an address of this host"};
    }
    if (c.auto_action != conf::AutoAction::add && e.remote_hosts.addresses.empty())
        return Refusal{where(c, "auto"), "auto=start/route needs a peer address in " +
                                             e.remote_prefix +
                                             "= (a subnet, range or %any only allows responding)"};
    return std::nullopt;
}

template <typename T>
std::optional<Refusal> proposals(const conf::Conn& c, std::string_view key, crypto::Protocol p,
                                 const std::optional<conf::ProposalList>& list, T& out) {
    if (!list)
        return std::nullopt;
    std::string text;
    for (const auto& one : list->proposals)
        text += (text.empty() ? "" : ",") + one;
    if (list->strict)
        text += "!";
    auto parsed = eng::parse_proposals(p, text);
    if (!parsed)
        return Refusal{where(c, key), parsed.error().message};
    out = std::move(*parsed);
    return std::nullopt;
}

// Everything of the conn that goes into the engine's PeerConfig and ChildConfig.
std::optional<Refusal> build(const conf::Conn& c, const conf::IpsecSecrets& secrets, const Ends& e,
                             LoadedConn& lc) {
    auto& p = lc.peer;
    p.name = c.name;
    p.local.address = e.local_address;
    const auto& remote = e.remote_hosts;
    if (!remote.addresses.empty())
        p.remote.address = remote.addresses.front();
    // A responder takes exactly the peers right= names (all of its entries);
    // %any among them lets any peer in.
    if (remote.any) {
        if (!remote.addresses.empty()) // an address to initiate to, any peer to respond to
            for (const char* all : {"0.0.0.0/0", "::/0"})
                p.remote_accept.push_back(*eng::TsRange::parse_addresses(all));
    } else if (remote.addresses.size() > 1 || !remote.ranges.empty()) {
        for (const auto& a : remote.addresses)
            p.remote_accept.push_back(*eng::TsRange::parse_addresses(a.to_string()));
        p.remote_accept.insert(p.remote_accept.end(), remote.ranges.begin(), remote.ranges.end());
    }
    if (e.local->id)
        p.local_id = parse_identity(*e.local->id);
    if (e.remote->id && !is_any_id(e.remote->id))
        p.remote_id = parse_identity(*e.remote->id);
    else if (!e.remote->id && remote.addresses.size() == 1 && remote.ranges.empty() && !remote.any)
        p.remote_id = eng::Identity::from_address(remote.addresses.front()); // charon's default
    const std::string local_id_text = e.local->id.value_or(e.local_address.to_string());
    const std::string remote_id_text = e.remote->id.value_or(
        remote.addresses.size() == 1 && !remote.any ? remote.addresses.front().to_string()
                                                    : std::string("%any"));
    const auto* psk = secrets.find_psk(local_id_text, remote_id_text);
    if (!psk)
        return Refusal{c.position,
                       "no PSK in ipsec.secrets for " + local_id_text + " - " + remote_id_text};
    p.psk.assign(psk->secret.begin(), psk->secret.end());
    if (auto r = proposals(c, "ike", crypto::Protocol::ike, c.ike, p.ike_proposals))
        return r;
    p.ikelifetime = c.ikelifetime;
    p.margintime = c.margintime;
    p.rekey = c.rekey;
    p.dpddelay = c.dpdaction == conf::SaAction::none ? std::chrono::seconds(0) : c.dpddelay;
    p.dpdaction = dpd_action(c.dpdaction);
    p.closeaction = dpd_action(c.closeaction);
    p.keyingtries = c.keyingtries;
    p.mobike = c.mobike;
    p.force_encaps = c.forceencaps;
    p.fragmentation = c.fragmentation != conf::Fragmentation::no;

    eng::ChildConfig child;
    child.name = c.name;
    child.mode =
        c.type == conf::ConnType::transport ? eng::ChildMode::transport : eng::ChildMode::tunnel;
    if (auto r = selectors(c, *e.local, e.local_prefix, e.local_address, child.local_ts))
        return r;
    if (!remote.addresses.empty() || !e.remote->subnets.empty()) {
        const ipxf::Address host = remote.addresses.empty() ? ipxf::Address{} : p.remote.address;
        if (auto r = selectors(c, *e.remote, e.remote_prefix, host, child.remote_ts))
            return r;
        if (remote.addresses.empty())
            std::erase_if(child.remote_ts, [](const eng::TrafficSelectorConfig& ts) {
                return ts.subnet.address.family == 0; // %dynamic of a peer not known yet
            });
    }
    if (auto r = proposals(c, "esp", crypto::Protocol::esp, c.esp, child.esp_proposals))
        return r;
    child.lifetime = c.lifetime;
    child.margintime = c.margintime;
    child.rekeyfuzz_percent = c.rekeyfuzz_percent;
    child.bytes = {c.lifebytes.value_or(0), c.marginbytes.value_or(0)};
    child.packets = {c.lifepackets.value_or(0), c.marginpackets.value_or(0)};
    child.rekey = c.rekey;
    child.reqid = c.reqid.value_or(0);
    child.replay_window = c.replay_window.value_or(32);
    child.install_policy = c.installpolicy;
    if (auto r = marks(c, child))
        return r;
    p.children.push_back(child);

    lc.auto_action = c.auto_action;
    // The local end's script, as charon takes it (the peer's end's is not ours
    // to run); leftfirewall=yes without one means strongSwan's default.
    if (e.local->updown)
        lc.updown.command = *e.local->updown;
    else if (e.local->firewall)
        lc.updown.command = kDefaultUpdown;
    auto& st = lc.status;
    st.name = c.name;
    st.local_addrs = e.local_address.to_string();
    st.remote_addrs = remote.addresses.empty() ? "%any" : p.remote.address.to_string();
    st.local_id = local_id_text;
    st.remote_id = remote_id_text;
    ChildConnStatus cs;
    cs.name = c.name;
    cs.local_ts = ts_text(e.local->subnets);
    cs.remote_ts = ts_text(e.remote->subnets);
    cs.mode = c.type == conf::ConnType::transport ? "TRANSPORT" : "TUNNEL";
    st.children.push_back(cs);
    return std::nullopt;
}

} // namespace

std::vector<ipxf::Address> local_addresses() {
    std::vector<ipxf::Address> out;
    ifaddrs* list = nullptr;
    if (::getifaddrs(&list) != 0)
        return out;
    for (ifaddrs* i = list; i; i = i->ifa_next)
        if (auto a = address_of(i->ifa_addr))
            out.push_back(*a);
    ::freeifaddrs(list);
    return out;
}

std::vector<ipxf::Address> resolve_host_name(const std::string& name) {
    std::vector<ipxf::Address> out;
    addrinfo hints{};
    hints.ai_socktype = SOCK_DGRAM;
    addrinfo* found = nullptr;
    if (::getaddrinfo(name.c_str(), nullptr, &hints, &found) != 0)
        return out;
    for (addrinfo* i = found; i; i = i->ai_next) {
        auto a = address_of(i->ai_addr);
        if (a && std::find(out.begin(), out.end(), *a) == out.end())
            out.push_back(*a);
    }
    ::freeaddrinfo(found);
    return out;
}

LoadResult load_conns(const conf::IpsecConf& cfg, const conf::IpsecSecrets& secrets,
                      const std::vector<ipxf::Address>& locals, const HostResolver& resolve) {
    LoadResult result;
    for (const auto& c : cfg.conns) {
        if (c.auto_action == conf::AutoAction::ignore)
            continue;
        std::optional<Refusal> refused;
        if (!c.refusals.empty())
            refused = Refusal{c.refusals.front().position, c.refusals.front().message};
        if (!refused)
            refused = refusal_of_method(c);
        Ends ends;
        if (!refused)
            refused = choose_ends(c, locals, resolve, ends);
        LoadedConn lc;
        if (!refused)
            refused = build(c, secrets, ends, lc);
        if (refused) {
            std::string text =
                refused->where.to_string() + ": conn '" + c.name + "' not loaded: " + refused->why;
            result.problems.push_back(text);
            result.refused[c.name] = text;
            continue;
        }
        result.conns.push_back(std::move(lc));
    }
    return result;
}

} // namespace iked
