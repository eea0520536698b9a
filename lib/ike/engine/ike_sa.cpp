#include "ike/engine/ike_sa.hpp"

#include "ike/wire/codec.hpp"

#include <cstring>

namespace ipsec::ike::engine {

std::string IkeSa::between() const {
    return local.address.to_string() + "[" + local_id.to_string() + "]..." +
           remote.address.to_string() + "[" + remote_id.to_string() + "]";
}

wire::Header IkeSa::header(wire::ExchangeType exchange, bool response, std::uint32_t id) const {
    wire::Header h;
    h.spi_i = spi_i;
    h.spi_r = spi_r;
    h.exchange = exchange;
    h.initiator = original_initiator;
    h.response = response;
    h.message_id = id;
    return h;
}

Result<std::vector<std::uint8_t>> IkeSa::protect(const wire::Header& header,
                                                 const std::vector<wire::Payload>& inner,
                                                 ::ike::crypto::Rng& rng) const {
    if (!ciphers)
        return Error::plain("IKE_SA " + name() + " has no keys yet");
    const auto& cipher = ciphers->outbound;
    wire::SkEncryptor encryptor;
    encryptor.body_size = [&cipher](std::size_t n) {
        return cipher.body_size(n);
    };
    encryptor.seal = [&cipher, &rng](std::span<std::uint8_t> datagram, std::size_t offset,
                                     std::span<const std::uint8_t> plaintext) -> Result<void> {
        auto body = cipher.encrypt(datagram.first(offset), plaintext, rng);
        if (!body)
            return body.error();
        if (body->size() != datagram.size() - offset)
            return Error::plain("SK payload: the cipher gave " + std::to_string(body->size()) +
                                " octets where " + std::to_string(datagram.size() - offset) +
                                " were reserved");
        std::memcpy(datagram.data() + offset, body->data(), body->size());
        return success();
    };
    return wire::serialize_encrypted(header, inner, encryptor);
}

Result<std::vector<wire::Payload>> IkeSa::unprotect(const wire::Message& message,
                                                    std::span<const std::uint8_t> datagram) const {
    const int invalid_syntax = static_cast<int>(wire::NotifyType::invalid_syntax);
    if (!ciphers)
        return Error::plain("IKE_SA " + name() + " has no keys yet");
    if (message.payloads.empty())
        return Error::ike(invalid_syntax, message.summary() + ": no SK payload");
    if (std::holds_alternative<wire::EncryptedFragmentPayload>(message.payloads.back()))
        return Error::ike(invalid_syntax,
                          message.summary() + ": IKE fragments (SKF) are not supported yet");
    const auto* sk = std::get_if<wire::EncryptedPayload>(&message.payloads.back());
    if (!sk || message.payloads.size() != 1)
        return Error::ike(invalid_syntax,
                          message.summary() + ": the message must hold one SK payload only");
    if (sk->body.size() > datagram.size())
        return Error::ike(invalid_syntax, "SK payload longer than the datagram");
    auto associated = datagram.first(datagram.size() - sk->body.size());
    auto plaintext = ciphers->inbound.decrypt(associated, sk->body);
    if (!plaintext)
        return plaintext.error().with_context(message.summary());
    return wire::parse_payloads(sk->first_inner, *plaintext);
}

ChildSa* IkeSa::find_child_by_inbound(std::uint32_t spi) {
    for (auto& c : children)
        if (c->inbound_spi == spi)
            return c.get();
    return nullptr;
}

ChildSa* IkeSa::find_child_by_outbound(std::uint32_t spi) {
    for (auto& c : children)
        if (c->outbound_spi == spi)
            return c.get();
    return nullptr;
}

ChildSa* IkeSa::find_child(std::uint32_t id) {
    for (auto& c : children)
        if (c->unique_id == id)
            return c.get();
    return nullptr;
}

} // namespace ipsec::ike::engine
