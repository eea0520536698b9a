// SPDX-License-Identifier: GPL-2.0-or-later
// A task (DESIGN.md principle 5, strongSwan's libcharon task model): the
// initiator's half of one exchange. The IKE_SA runs its queued tasks one at a
// time (window size 1): build_request() gives the payloads of the request,
// process_response() reads the answer. The responder's half of each exchange is
// a free function in the same file.
#pragma once

#include "common/result.hpp"
#include "ike/wire/message.hpp"

#include <string_view>
#include <vector>

namespace ipsec::ike::engine {

class EngineCore;
class IkeSa;

// A message as received: its header, its payloads (decrypted for SK exchanges)
// and the datagram without the non-ESP marker.
struct Received {
    wire::Header header;
    std::vector<wire::Payload> payloads;
    std::vector<std::uint8_t> datagram;
};

enum class TaskStatus {
    done,    // finished; the next queued task may start
    retry,   // send the rebuilt request again with the same message ID (COOKIE, INVALID_KE)
    failed,  // the IKE_SA is lost: destroy it
    pending, // an unauthenticated error notify: keep the request in flight a little
             // longer for a real answer (RFC 7296 2.21.1), then fail_pending()
};

class Task {
public:
    virtual ~Task() = default;
    virtual wire::ExchangeType exchange() const = 0;
    virtual std::string_view name() const = 0;
    virtual Result<std::vector<wire::Payload>> build_request(EngineCore& core, IkeSa& sa) = 0;
    virtual TaskStatus process_response(EngineCore& core, IkeSa& sa, const Received& response) = 0;
    // The request went unanswered after every retransmit, or the IKE_SA goes away
    // before an answer came: undo what build_request() prepared.
    virtual void abort(EngineCore&, IkeSa&) {}
    // After TaskStatus::pending, when no real answer came in time: reports the
    // error seen and returns true to have the IKE_SA destroyed.
    virtual bool fail_pending(EngineCore&, IkeSa&) { return false; }
};

// The responder's answer to a request.
struct Response {
    std::vector<wire::Payload> payloads;
    bool destroy_ike = false; // destroy the IKE_SA once the response is sent
};

} // namespace ipsec::ike::engine
