// SPDX-License-Identifier: GPL-2.0-or-later
// The IKE_SA and CHILD_SA states (DESIGN.md principle 8) with the transitions
// each allows: a change not in the table is refused (and logged by the caller),
// so a message arriving in the wrong state cannot move an SA sideways.
#pragma once

#include "common/result.hpp"

#include <string_view>

namespace ipsec::ike::engine {

enum class IkeState {
    created,     // nothing sent or received yet
    connecting,  // IKE_SA_INIT / IKE_AUTH under way
    established, // authenticated
    rekeying,    // we are rekeying it (CREATE_CHILD_SA for the IKE_SA)
    rekeyed,     // replaced by a new IKE_SA, waiting for the DELETE
    deleting,    // DELETE sent
    destroyed,   // gone; only waits to be freed
};

enum class ChildState {
    created,   // negotiating (inbound SPI allocated)
    installed, // SAs and policies in the kernel
    rekeying,  // we sent a REKEY_SA for it
    rekeyed,   // replaced by a new CHILD_SA; its inbound SA lingers
    deleting,  // DELETE sent
    destroyed, // removed from the kernel
};

std::string_view state_name(IkeState state);
std::string_view state_name(ChildState state);

bool transition_allowed(IkeState from, IkeState to);
bool transition_allowed(ChildState from, ChildState to);

// Moves `state` to `to`, or says why not (nothing changed then).
Result<void> transition(IkeState& state, IkeState to);
Result<void> transition(ChildState& state, ChildState to);

} // namespace ipsec::ike::engine
