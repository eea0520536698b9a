#include "ike/crypto/system_rng.hpp"

#include <botan/system_rng.h>

namespace ike::crypto {

void SystemRng::fill(std::span<std::uint8_t> out) {
    Botan::system_rng().randomize(out.data(), out.size());
}

} // namespace ike::crypto
