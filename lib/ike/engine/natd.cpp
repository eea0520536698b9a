// SPDX-License-Identifier: GPL-2.0-or-later
#include "ike/engine/natd.hpp"

#include "ike/engine/payload_access.hpp"

#include <botan/hash.h>
#include <sys/socket.h>

namespace ipsec::ike::engine {

namespace {

void put64(wire::Bytes& out, std::uint64_t v) {
    for (int shift = 56; shift >= 0; shift -= 8)
        out.push_back(static_cast<std::uint8_t>(v >> shift));
}

} // namespace

wire::Bytes natd_hash(std::uint64_t spi_i, std::uint64_t spi_r, const Endpoint& endpoint) {
    wire::Bytes input;
    put64(input, spi_i);
    put64(input, spi_r);
    std::size_t size = endpoint.address.family == AF_INET6 ? 16 : 4;
    input.insert(input.end(), endpoint.address.bytes.begin(),
                 endpoint.address.bytes.begin() + static_cast<std::ptrdiff_t>(size));
    input.push_back(static_cast<std::uint8_t>(endpoint.port >> 8));
    input.push_back(static_cast<std::uint8_t>(endpoint.port));
    auto sha1 = Botan::HashFunction::create_or_throw("SHA-1");
    auto digest = sha1->process(input.data(), input.size());
    return wire::Bytes(digest.begin(), digest.end());
}

std::vector<wire::Payload> natd_payloads(std::uint64_t spi_i, std::uint64_t spi_r,
                                         const Endpoint& local, const Endpoint& remote,
                                         ::ipsec::ike::crypto::Rng* fake_source) {
    wire::NotifyPayload source;
    source.type = wire::NotifyType::nat_detection_source_ip;
    source.data = fake_source ? fake_source->bytes(20) : natd_hash(spi_i, spi_r, local);
    wire::NotifyPayload destination;
    destination.type = wire::NotifyType::nat_detection_destination_ip;
    destination.data = natd_hash(spi_i, spi_r, remote);
    return {source, destination};
}

NatdResult check_natd(const std::vector<wire::Payload>& payloads, std::uint64_t spi_i,
                      std::uint64_t spi_r, const Endpoint& local, const Endpoint& remote) {
    NatdResult result;
    auto destination = find_notify(payloads, wire::NotifyType::nat_detection_destination_ip);
    auto sources = find_notifies(payloads, wire::NotifyType::nat_detection_source_ip);
    if (!destination || sources.empty())
        return result;
    result.present = true;
    result.local_behind = destination->data != natd_hash(spi_i, spi_r, local);
    wire::Bytes remote_hash = natd_hash(spi_i, spi_r, remote);
    result.remote_behind = true;
    for (const auto* source : sources)
        if (source->data == remote_hash)
            result.remote_behind = false;
    return result;
}

} // namespace ipsec::ike::engine
