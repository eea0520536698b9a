// A CHILD_SA in the kernel, through ipxf::KernelIpsec: the inbound SPI
// allocated while negotiating, then an SA per direction (the CHILD KEYMAT
// split by who initiated, the XFRM algorithm names of the crypto helper) and
// the policies (out and in, plus fwd in tunnel mode) carrying the reqid.
#pragma once

#include "common/result.hpp"
#include "ike/engine/child_sa.hpp"

#include <cstdint>

namespace ipsec::ike::engine {

class EngineCore;
class IkeSa;

// A free inbound SPI (held by a larval SA until install_child or release_spi).
Result<std::uint32_t> allocate_spi(EngineCore& core, const IkeSa& sa);
void release_spi(EngineCore& core, const IkeSa& sa, std::uint32_t spi);

// Both SAs, and the policies when `with_policies` (a rekey keeps the old ones).
// On failure nothing of it stays in the kernel.
Result<void> install_child(EngineCore& core, const IkeSa& sa, ChildSa& child, bool with_policies);

// Removes what install_child put there (the policies only if the CHILD_SA owns
// them); the larval SA of a CHILD_SA that never got installed too.
void uninstall_child(EngineCore& core, const IkeSa& sa, ChildSa& child);

} // namespace ipsec::ike::engine
