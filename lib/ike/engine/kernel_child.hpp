// SPDX-License-Identifier: GPL-2.0-or-later
// A CHILD_SA in the kernel, through ipxf::KernelIpsec: the inbound SPI
// allocated while negotiating, then an SA per direction (the CHILD KEYMAT
// split by who initiated, the XFRM algorithm names of the crypto helper) and
// the policies (out and in, plus fwd in tunnel mode) carrying the reqid.
#pragma once

#include "common/result.hpp"
#include "ike/engine/child_sa.hpp"
#include "xfrm/model.hpp"

#include <cstdint>

namespace ipsec::ike::engine {

class EngineCore;
class IkeSa;
struct Trap;

// A free inbound SPI (held by a larval SA until install_child or release_spi).
Result<std::uint32_t> allocate_spi(EngineCore& core, const IkeSa& sa);
void release_spi(EngineCore& core, const IkeSa& sa, std::uint32_t spi);

// Both SAs, and the policies when `with_policies` (a rekey keeps the old ones).
// On failure nothing of it stays in the kernel.
Result<void> install_child(EngineCore& core, const IkeSa& sa, ChildSa& child, bool with_policies);

// Removes what install_child put there (the policies only if the CHILD_SA owns
// them); the larval SA of a CHILD_SA that never got installed too.
void uninstall_child(EngineCore& core, const IkeSa& sa, ChildSa& child);

// auto=route: the policies of a trap (out, in, fwd in tunnel mode) with a
// template naming the trap's reqid and no SA, so that the kernel sends an
// ACQUIRE for the first packet. The CHILD_SAs negotiated later with that reqid
// serve these policies (install_child leaves out the ones a trap already has).
std::vector<ipxf::Policy> trap_policies(const Trap& trap);
Result<void> install_trap(EngineCore& core, const Trap& trap);
void uninstall_trap(EngineCore& core, const Trap& trap);

} // namespace ipsec::ike::engine
