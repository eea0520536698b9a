// SPDX-License-Identifier: GPL-2.0-or-later
// libFuzzer target for the TLS 1.3 handshake parser (lib/tls13). For any input:
//   - the first byte picks a message parser (ClientHello, ServerHello,
//     EncryptedExtensions, CertificateRequest, Certificate, CertificateVerify,
//     NewSessionTicket), the rest is its body: a parse error or a message,
//     never a crash, hang or out-of-bounds read (run with ASan/UBSan);
//   - what parses as a ClientHello or ServerHello serializes and parses again
//     to the same bytes (serialize is a fixed point after one round);
//   - the whole input, as bytes from the network, goes into a server engine
//     (records, reassembly, ClientHello processing, HRR) and, after a
//     ClientHello, into a client engine: each ends with an alert or waits.
#include "tls13/client.hpp"
#include "tls13/messages.hpp"
#include "tls13/server.hpp"

#include <botan/ed25519.h>
#include <botan/system_rng.h>
#include <botan/x509self.h>
#include <cstdio>
#include <cstdlib>

using namespace tls13;

namespace {

[[noreturn]] void fail(const char* what) {
    std::fprintf(stderr, "fuzz_tls13_handshake: %s\n", what);
    std::abort();
}

const Identity& identity() {
    static const Identity id = [] {
        auto key = std::make_shared<Botan::Ed25519_PrivateKey>(Botan::system_rng());
        Botan::X509_Cert_Options opts("fuzz.test", 3600);
        auto cert = Botan::X509::create_self_signed_cert(opts, *key, "SHA-512", Botan::system_rng());
        return Identity{{cert}, key};
    }();
    return id;
}

template <typename T, typename Parse>
void round_trip(ByteView body, Parse parse) {
    auto first = parse(body);
    if (!first)
        return;
    const Bytes wire = serialize(*first);
    auto second = parse(ByteView(wire).subspan(4));
    if (!second)
        fail("a serialized message does not parse again");
    if (serialize(*second) != wire)
        fail("serialize is not a fixed point");
}

void parse_one(uint8_t which, ByteView body) {
    switch (which % 8) {
    case 0: round_trip<ClientHello>(body, parse_client_hello); break;
    case 1: round_trip<ServerHello>(body, parse_server_hello); break;
    case 2: (void)parse_encrypted_extensions(body); break;
    case 3: (void)parse_certificate_request(body); break;
    case 4: (void)parse_certificate(body); break;
    case 5: (void)parse_certificate_verify(body); break;
    case 6: (void)parse_new_session_ticket(body); break;
    default: (void)parse_key_update(body); break;
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0)
        return 0;
    parse_one(data[0], ByteView(data + 1, size - 1));

    ServerConfig scfg;
    scfg.set_identity(identity());
    Server server(scfg, Botan::system_rng());
    (void)server.receive(ByteView(data, size));
    (void)server.take_output();

    ClientConfig ccfg;
    ccfg.set_verifier([](const std::vector<Botan::X509_Certificate>&) { return ipsec::success(); });
    Client client(ccfg, Botan::system_rng());
    if (!client.start())
        fail("the client does not start");
    (void)client.take_output();
    (void)client.receive(ByteView(data, size));
    return 0;
}
