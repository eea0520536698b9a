// SPDX-License-Identifier: GPL-2.0-or-later
// What `ikectl status` and `statusall` show (DESIGN.md principle 9): one
// model, filled by the daemon from its configuration and the IKE engine, and
// printers in status_printer.hpp (strongSwan's text, JSON). Times are given
// as seconds relative to "now" so the printers stay pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace iked {

struct ChildConnStatus {
    std::string name;
    std::vector<std::string> local_ts; // "dynamic", "10.1.0.0/16"
    std::vector<std::string> remote_ts;
    std::string mode = "TUNNEL"; // TUNNEL, TRANSPORT, PASS, DROP
};

struct ConnStatus {
    std::string name;
    std::string local_addrs;  // "192.168.27.128" or "%any"
    std::string remote_addrs; // "192.168.27.132"
    std::string version = "IKEv2";
    std::string local_id;  // "192.168.27.128"
    std::string remote_id; // "%any" when not set
    std::string local_auth = "pre-shared key";
    std::string remote_auth = "pre-shared key";
    std::vector<ChildConnStatus> children;
};

struct Traffic {
    std::uint64_t bytes = 0;
    std::uint64_t packets = 0;
    std::optional<std::uint64_t> last_used_ago; // seconds, when packets > 0
};

struct ChildSaStatus {
    std::string name;
    std::uint32_t unique_id = 0;
    std::string state = "INSTALLED";
    std::string mode = "TRANSPORT";
    std::uint32_t reqid = 0;
    std::string protocol = "ESP";
    bool udp_encap = false;
    std::uint32_t spi_in = 0;
    std::uint32_t spi_out = 0;
    std::string proposal; // "AES_CBC_128/HMAC_SHA2_256_128"
    Traffic in;
    Traffic out;
    std::optional<std::uint64_t> rekey_in;   // seconds
    std::optional<std::uint64_t> expires_in; // seconds, when it does not rekey
    std::vector<std::string> local_ts;       // "192.168.27.128/32"
    std::vector<std::string> remote_ts;
};

struct IkeSaStatus {
    std::string name;
    std::uint32_t unique_id = 0;
    std::string state = "ESTABLISHED";            // ESTABLISHED, CONNECTING, REKEYING, DELETING...
    std::optional<std::uint64_t> established_ago; // seconds
    std::string local_addr;
    std::string local_id;
    std::string remote_addr;
    std::string remote_id;
    std::uint64_t spi_i = 0;
    std::uint64_t spi_r = 0;
    bool local_is_initiator = true;
    std::string auth = "pre-shared key";
    std::optional<std::uint64_t> rekey_in;  // seconds
    std::optional<std::uint64_t> reauth_in; // seconds
    std::string proposal; // "AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/CURVE_25519"
    std::vector<ChildSaStatus> children;
};

// A routed (auto=route) CHILD_SA config: its trap policies are in the kernel.
struct RoutedStatus {
    std::string name;
    std::uint32_t unique_id = 0;
    std::string mode = "TRANSPORT";
    std::uint32_t reqid = 0;
    std::vector<std::string> local_ts; // "192.168.27.128/32"
    std::vector<std::string> remote_ts;
};

struct DaemonStatus {
    std::string version;                // "0.1.0"
    std::string kernel;                 // "Linux 6.1.0-56-amd64, x86_64"
    std::uint64_t uptime = 0;           // seconds
    std::string since;                  // "Nov 23 16:31:24 2026"
    std::vector<std::string> listening; // local addresses
    std::vector<ConnStatus> conns;
    std::vector<RoutedStatus> routed;
    std::vector<IkeSaStatus> sas;
};

} // namespace iked
