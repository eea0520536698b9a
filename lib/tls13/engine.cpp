// SPDX-License-Identifier: GPL-2.0-or-later
#include "tls13/engine.hpp"

#include <botan/rng.h>

namespace tls13 {

Engine::Engine(Botan::RandomNumberGenerator& rng) : m_rng(rng) {}

Engine::~Engine() = default;

Bytes Engine::random_bytes(size_t n) {
    Bytes out(n);
    m_rng.randomize(out.data(), out.size());
    return out;
}

ipsec::Error Engine::fail(const ipsec::Error& error) {
    if (!m_failed) {
        m_failed = true;
        send_alert(error_alert(error));
    }
    return error;
}

ipsec::Result<void> Engine::receive(ByteView data) {
    if (m_failed)
        return tls_error(Alert::internal_error, "the connection has already failed");
    if (m_read_closed)
        return ipsec::success();
    m_bytes_in += data.size();
    m_decoder.feed(data);
    while (!m_read_closed && !m_failed) {
        auto rec = m_decoder.next();
        if (!rec)
            return fail(rec.error());
        if (!*rec)
            break;
        auto r = process_record(**rec);
        if (!r)
            return m_failed ? r : fail(r.error());
    }
    return ipsec::success();
}

ipsec::Result<void> Engine::process_record(const RawRecord& rec) {
    if (rec.type == ContentType::change_cipher_spec) {
        // RFC 8446 section 5: one byte 0x01, only during the handshake.
        if (!in_handshake() || rec.fragment != Bytes{1})
            return tls_error(Alert::unexpected_message, "change_cipher_spec outside the handshake");
        return ipsec::success();
    }
    if (!m_read || (rec.type == ContentType::alert && !m_suite)) {
        if (rec.type == ContentType::application_data) {
            if (skip_undecryptable(rec))
                return ipsec::success();
            return tls_error(Alert::unexpected_message,
                             "application data before the handshake keys");
        }
        return process_plaintext({rec.type, rec.fragment});
    }
    if (rec.type == ContentType::alert) // a peer that failed before its keys
        return process_alert(rec.fragment);
    if (rec.type != ContentType::application_data)
        return tls_error(Alert::unexpected_message,
                         "an unprotected handshake record after the key change");
    auto plain = m_read->open(rec);
    if (!plain) {
        if (skip_undecryptable(rec))
            return ipsec::success();
        return plain.error();
    }
    return process_plaintext(*plain);
}

ipsec::Result<void> Engine::process_plaintext(const InnerPlaintext& plain) {
    if (m_handshake.pending() && plain.type != ContentType::handshake)
        return tls_error(Alert::unexpected_message,
                         "a record interleaved with a split handshake message");
    switch (plain.type) {
    case ContentType::handshake: {
        if (plain.content.empty())
            return tls_error(Alert::unexpected_message, "empty handshake record");
        m_handshake.feed(plain.content);
        while (!m_failed && !m_read_closed) {
            auto msg = m_handshake.next();
            if (!msg)
                return msg.error();
            if (!*msg)
                break;
            emit(MessageTrace{false, (*msg)->type, (*msg)->bytes.size()});
            if (auto r = on_handshake_message(**msg); !r)
                return r;
        }
        return ipsec::success();
    }
    case ContentType::alert:
        return process_alert(plain.content);
    case ContentType::application_data:
        if (accepting_early_data()) {
            emit(AppData{plain.content, true});
            return ipsec::success();
        }
        if (!handshake_complete())
            return tls_error(Alert::unexpected_message,
                             "application data before the handshake finished");
        emit(AppData{plain.content, false});
        return ipsec::success();
    default:
        return tls_error(Alert::unexpected_message,
                         "record of content type " + std::to_string(static_cast<int>(plain.type)));
    }
}

ipsec::Result<void> Engine::process_alert(const Bytes& content) {
    if (content.size() != 2)
        return tls_error(Alert::decode_error,
                         "alert of " + std::to_string(content.size()) + " bytes");
    const auto alert = static_cast<Alert>(content[1]);
    if (alert == Alert::close_notify) {
        m_read_closed = true;
        emit(AlertReceived{alert, false});
        return ipsec::success();
    }
    if (alert == Alert::user_canceled) { // a warning: close_notify follows
        emit(AlertReceived{alert, false});
        return ipsec::success();
    }
    // RFC 8446 section 6.2: every other alert is fatal, whatever its level.
    m_failed = true;
    m_read_closed = true;
    emit(AlertReceived{alert, true});
    return tls_error(alert, "the peer sent alert " + alert_name(alert));
}

void Engine::send_record(ContentType type, ByteView content) {
    for (size_t off = 0; off < content.size() || off == 0; off += kMaxPlaintext) {
        const auto chunk = content.subspan(off, std::min(kMaxPlaintext, content.size() - off));
        Bytes rec;
        if (m_write) {
            auto sealed = m_write->seal(type, chunk);
            if (!sealed)
                return; // only past 2^64 records
            rec = std::move(*sealed);
        } else {
            // RFC 8446 section 5.1: 0x0301 is allowed for the first ClientHello.
            rec = plaintext_record(type, chunk);
        }
        m_bytes_out += rec.size();
        m_output.insert(m_output.end(), rec.begin(), rec.end());
        if (content.empty())
            break;
    }
}

void Engine::send_alert(Alert alert) {
    if (m_write_closed)
        return;
    const bool warning = alert == Alert::close_notify || alert == Alert::user_canceled;
    const Bytes body = {static_cast<uint8_t>(warning ? 1 : 2), static_cast<uint8_t>(alert)};
    send_record(ContentType::alert, body);
    m_write_closed = true;
}

void Engine::close() {
    send_alert(Alert::close_notify);
}

void Engine::send_handshake(const Bytes& msg, bool transcript) {
    if (transcript)
        add_transcript(msg);
    emit(MessageTrace{true, static_cast<HandshakeType>(msg[0]), msg.size()});
    send_record(ContentType::handshake, msg);
}

void Engine::send_change_cipher_spec() {
    if (m_ccs_sent)
        return;
    m_ccs_sent = true;
    emit(ChangeCipherSpecSent{});
    const Bytes rec = plaintext_record(ContentType::change_cipher_spec, Bytes{1});
    m_bytes_out += rec.size();
    m_output.insert(m_output.end(), rec.begin(), rec.end());
}

void Engine::add_transcript(ByteView msg) {
    m_transcript.insert(m_transcript.end(), msg.begin(), msg.end());
}

void Engine::replace_transcript_with_hash() {
    const Bytes h = hash_of(m_suite->hash, m_transcript);
    m_transcript = frame_handshake(HandshakeType::message_hash, h);
}

Bytes Engine::transcript_hash() const {
    return hash_of(m_suite->hash, m_transcript);
}

void Engine::set_suite(const CipherSuite& suite) {
    m_suite = suite;
    m_schedule = std::make_unique<KeySchedule>(suite);
}

ipsec::Result<void> Engine::set_read_secret(const Bytes& secret, bool application) {
    // RFC 8446 section 5.1: a key change must fall on a record boundary.
    if (m_handshake.pending())
        return tls_error(Alert::unexpected_message, "handshake message split across a key change");
    m_read = std::make_unique<RecordCipher>(*m_suite, m_schedule->traffic_keys(secret),
                                            RecordCipher::Direction::open);
    if (application)
        m_read_app_secret = secret;
    return ipsec::success();
}

void Engine::set_write_secret(const Bytes& secret, bool application) {
    m_write = std::make_unique<RecordCipher>(*m_suite, m_schedule->traffic_keys(secret),
                                             RecordCipher::Direction::seal);
    if (application)
        m_write_app_secret = secret;
}

void Engine::log_secret(const std::string& label, const Bytes& secret) {
    emit(SecretDerived{label, m_client_random, secret});
}

ipsec::Result<void> Engine::handle_key_update(const HandshakeMessage& msg) {
    auto request = parse_key_update(msg.body());
    if (!request)
        return request.error();
    auto r = set_read_secret(m_schedule->next_application_secret(m_read_app_secret), true);
    if (!r)
        return r;
    emit(KeysUpdated{false});
    if (*request && !m_write_closed)
        return update_keys(false);
    return ipsec::success();
}

ipsec::Result<void> Engine::update_keys(bool request_peer) {
    if (!connected())
        return tls_error(Alert::internal_error, "KeyUpdate before the handshake finished");
    send_handshake(serialize_key_update(request_peer), false);
    set_write_secret(m_schedule->next_application_secret(m_write_app_secret), true);
    emit(KeysUpdated{true});
    return ipsec::success();
}

ipsec::Result<void> Engine::send(ByteView data) {
    if (!connected())
        return ipsec::Error::plain("application data before the handshake finished or after close");
    for (size_t off = 0; off < data.size(); off += kMaxPlaintext) {
        if (m_write->limit_reached())
            if (auto r = update_keys(false); !r)
                return r;
        send_record(ContentType::application_data,
                    data.subspan(off, std::min(kMaxPlaintext, data.size() - off)));
    }
    return ipsec::success();
}

Bytes Engine::take_output() {
    Bytes out;
    out.swap(m_output);
    return out;
}

std::vector<Event> Engine::take_events() {
    std::vector<Event> out;
    out.swap(m_events);
    return out;
}

} // namespace tls13
