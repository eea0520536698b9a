// SPDX-License-Identifier: GPL-2.0-or-later
// Conn: one `conn` section of ipsec.conf after %default and also= are applied and every
// keyword is typed. Fields hold strongSwan 5.9's defaults (ipsec.conf(5)); a
// std::optional left empty means "not configured" where strongSwan has no fixed default.
// Left and right are kept as written: which one is local is decided by the daemon.
#pragma once

#include "conf/diagnostic.hpp"
#include "conf/source_position.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ipsec::conf {

using std::chrono::seconds;

enum class ConnType { tunnel, transport, passthrough, drop };
enum class AutoAction { ignore, add, route, start };
// authby: psk covers psk and secret; rsasig and ecdsasig are pubkey restricted to a key type.
enum class AuthBy { pubkey, rsasig, ecdsasig, psk, never };
// ike: IKEv2 when initiating, any version (for iked: IKEv2) when responding.
enum class KeyExchange { ike, ikev2 };
enum class SaAction { none, clear, hold, restart }; // dpdaction, closeaction
enum class Fragmentation { yes, accept, force, no };
enum class SendCert { never, ifasked, always };

// leftauth/rightauth: the method class and the text as written (with its constraints,
// e.g. "rsa-2048-sha256" or "ike:pubkey-sha384").
enum class AuthClass { pubkey, psk };
struct AuthSpec {
    AuthClass method = AuthClass::pubkey;
    std::string text;
};

// One entry of left= / right=.
enum class HostKind {
    any,          // %any, %any4, %any6 (text keeps which)
    address,      // an IPv4 or IPv6 address, in canonical text form
    fqdn,         // a DNS name, resolved by the daemon
    range,        // "10.1.0.0-10.2.255.255" (responder only)
    subnet,       // "10.1.0.0/16" (responder only)
    default_route // %defaultroute that the caller's resolver could not resolve
};
struct Host {
    HostKind kind = HostKind::any;
    std::string text;
};

// A protocol/port restriction: [proto/port] in leftsubnet or leftprotoport.
struct ProtoPort {
    std::optional<std::uint8_t> protocol; // nullopt: any protocol
    std::uint16_t port_from = 0;          // 0..65535 means any port
    std::uint16_t port_to = 65535;
    bool opaque = false; // %opaque (RFC 4301 OPAQUE)
};

// One traffic selector of leftsubnet / rightsubnet.
struct TrafficSelector {
    // "10.0.0.0/8", "fec1::1/128" (a host gets its full prefix), a range "a-b",
    // or empty for %dynamic (the IKE address).
    std::string network;
    ProtoPort proto_port;
    bool dynamic() const { return network.empty(); }
};

// mark, mark_in, mark_out: value[/mask]; %unique and %unique-dir are special.
struct Mark {
    enum class Special { none, unique, unique_dir };
    std::uint32_t value = 0;
    std::uint32_t mask = 0xffffffff;
    Special special = Special::none;
};

// A proposal list: ike=, esp=, ah=. Each entry is one proposal ("aes128-sha256-modp3072");
// strict is the trailing '!' (only these, without the daemon's default proposals).
struct ProposalList {
    std::vector<std::string> proposals;
    bool strict = false;
};

// One side of a connection (left... or right... keywords).
struct ConnEnd {
    std::vector<Host> hosts;                // left=; empty: %any
    bool allow_any = false;                 // leftallowany, or a '%' before the address
    std::vector<TrafficSelector> subnets;   // leftsubnet; empty: the host itself
    std::optional<ProtoPort> proto_port;    // leftprotoport (deprecated form)
    std::optional<std::string> id;          // leftid; default: the address or cert subject
    std::optional<AuthSpec> auth;           // leftauth; default: from authby
    std::vector<std::string> certs;         // leftcert (paths), comma-separated list
    std::optional<std::string> ca;          // leftca (a DN, or "%same")
    SendCert send_cert = SendCert::ifasked; // leftsendcert
    std::vector<std::string> source_ips;    // leftsourceip (%config, %config4, addresses...)
    bool firewall = false;                  // leftfirewall
    std::optional<std::string> updown;      // leftupdown (a command line)
    std::optional<std::uint16_t> ike_port;  // leftikeport
};

// One keyword set for a conn (in its section, %default or an also= section),
// where it is written.
struct KeywordUse {
    std::string key;
    std::string value;
    SourcePosition key_position;
    SourcePosition value_position;
};

struct Conn {
    std::string name;
    SourcePosition position;          // of the conn's name
    std::vector<std::string> also;    // the sections it inherits from, as written
    std::vector<KeywordUse> keywords; // every keyword that applies, in order
    // Why iked does not load this conn as written (a keyword or value it does
    // not implement), each where it is written; empty: nothing refused here.
    std::vector<Diagnostic> refusals;

    // The keyword as set for this conn, or nullptr.
    const KeywordUse* find(std::string_view key) const {
        for (const auto& k : keywords)
            if (k.key == key)
                return &k;
        return nullptr;
    }

    ConnType type = ConnType::tunnel;
    AutoAction auto_action = AutoAction::ignore;
    AuthBy authby = AuthBy::pubkey;
    KeyExchange keyexchange = KeyExchange::ike;

    std::optional<ProposalList> ike; // nullopt: the daemon's default proposals
    std::optional<ProposalList> esp;
    std::optional<ProposalList> ah;

    seconds ikelifetime{3 * 3600};
    seconds lifetime{3600};     // lifetime, keylife
    seconds margintime{9 * 60}; // margintime, rekeymargin
    std::optional<std::uint64_t> lifebytes;
    std::optional<std::uint64_t> lifepackets;
    std::optional<std::uint64_t> marginbytes;
    std::optional<std::uint64_t> marginpackets;
    std::uint32_t rekeyfuzz_percent = 100;
    bool rekey = true;
    bool reauth = true;
    std::uint32_t keyingtries = 3; // 0: %forever
    seconds dpddelay{30};
    seconds dpdtimeout{150};
    SaAction dpdaction = SaAction::none;
    SaAction closeaction = SaAction::none;
    std::optional<seconds> inactivity;

    bool mobike = true;
    bool forceencaps = false;
    Fragmentation fragmentation = Fragmentation::yes;
    bool installpolicy = true;
    bool compress = false;
    std::optional<std::uint32_t> replay_window; // nullopt: strongSwan's -1, the daemon default
    std::optional<std::uint32_t> reqid;
    std::optional<Mark> mark;
    std::optional<Mark> mark_in;
    std::optional<Mark> mark_out;

    ConnEnd left;
    ConnEnd right;
};

} // namespace ipsec::conf
