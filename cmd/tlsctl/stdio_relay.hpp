// SPDX-License-Identifier: GPL-2.0-or-later
// relay_stdio: the interactive part of s_client and s_server once the
// handshake is done: stdin goes to the peer over the TLS channel, the peer's
// data to stdout, until the peer closes (or, for s_client, stdin ends or a
// line "Q" comes).
#pragma once

#include "tls_endpoint.hpp"

#include <botan/tls_channel.h>

namespace tlsctl {

struct RelayMode {
    // Send stdin line by line (what is left without a newline at the end).
    bool whole_lines = false;
    // The end of stdin, or with whole_lines a line "Q", ends the relay.
    bool end_on_quit = false;
    // "closed" on stderr when the peer closes.
    bool report_close = false;
};

// Relays until the peer closes or, with end_on_quit, stdin ends; leaves the
// channel open (the caller closes it).
void relay_stdio(TlsEndpoint& ep, Botan::TLS::Channel& channel, const RelayMode& mode);

} // namespace tlsctl
