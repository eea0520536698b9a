// SPDX-License-Identifier: GPL-2.0-or-later
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
                                                 ::ipsec::ike::crypto::Rng& rng) const {
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

Result<std::optional<std::vector<wire::Payload>>>
IkeSa::unprotect(const wire::Message& message, std::span<const std::uint8_t> datagram) {
    const int invalid_syntax = static_cast<int>(wire::NotifyType::invalid_syntax);
    if (!ciphers)
        return Error::plain("IKE_SA " + name() + " has no keys yet");
    if (message.payloads.size() != 1)
        return Error::ike(invalid_syntax,
                          message.summary() + ": the message must hold one SK payload only");
    const wire::Payload& last = message.payloads.back();
    const auto* sk = std::get_if<wire::EncryptedPayload>(&last);
    const auto* skf = std::get_if<wire::EncryptedFragmentPayload>(&last);
    if (!sk && !skf)
        return Error::ike(invalid_syntax, message.summary() + ": no SK payload");
    if (skf && !fragmentation)
        return Error::ike(invalid_syntax, message.summary() +
                                              ": SKF fragment, but fragmentation was not "
                                              "negotiated");
    const auto& body = sk ? sk->body : skf->body;
    if (body.size() > datagram.size())
        return Error::ike(invalid_syntax, "SK payload longer than the datagram");
    auto associated = datagram.first(datagram.size() - body.size());
    auto plaintext = ciphers->inbound.decrypt(associated, body);
    if (!plaintext)
        return plaintext.error().with_context(message.summary());
    if (sk) {
        auto payloads = wire::parse_payloads(sk->first_inner, *plaintext);
        if (!payloads)
            return payloads.error();
        return std::optional<std::vector<wire::Payload>>(std::move(*payloads));
    }
    // RFC 7383 2.6: a fragment of another message (or total) starts over
    const auto& h = message.header;
    if (skf->total == 0 || skf->number == 0 || skf->number > skf->total || skf->total > 64)
        return Error::ike(invalid_syntax, "SKF fragment " + std::to_string(skf->number) + "/" +
                                              std::to_string(skf->total) + " is out of range");
    if (!reassembly || reassembly->message_id != h.message_id ||
        reassembly->response != h.response || reassembly->total != skf->total) {
        if (reassembly && reassembly->message_id == h.message_id &&
            reassembly->response == h.response && skf->total < reassembly->total)
            return Error::ike(invalid_syntax, "SKF fragment with a smaller total than before");
        reassembly = Reassembly{h.message_id, h.response, skf->total, wire::PayloadType::none, {}};
    }
    if (skf->number == 1)
        reassembly->first_inner = skf->first_inner;
    auto& slot = reassembly->plaintexts[skf->number];
    reassembly->bytes = reassembly->bytes - slot.size() + plaintext->size();
    if (reassembly->bytes > fragment_bytes_max) {
        reassembly.reset();
        return Error::ike(invalid_syntax, "SKF fragments of message ID " +
                                              std::to_string(h.message_id) + " exceed " +
                                              std::to_string(fragment_bytes_max) + " octets");
    }
    slot = std::move(*plaintext);
    if (reassembly->plaintexts.size() < reassembly->total)
        return std::optional<std::vector<wire::Payload>>();
    std::vector<std::uint8_t> whole;
    for (const auto& [number, part] : reassembly->plaintexts)
        whole.insert(whole.end(), part.begin(), part.end());
    auto first = reassembly->first_inner;
    reassembly.reset();
    auto payloads = wire::parse_payloads(first, whole);
    if (!payloads)
        return payloads.error();
    return std::optional<std::vector<wire::Payload>>(std::move(*payloads));
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
