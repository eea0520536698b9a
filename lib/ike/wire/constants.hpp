// SPDX-License-Identifier: GPL-2.0-or-later
// The IKEv2 numbers (IANA "Internet Key Exchange Version 2 (IKEv2) Parameters",
// RFC 7296 section 3 and the RFCs that extend it) as enum classes, each with a
// name function for logs. Every enum keeps its full underlying range: a value
// without a name is legal on the wire and prints as a number.
#pragma once

#include <cstdint>
#include <string>

namespace ipsec::ike::wire {

// RFC 7296 3.1, Exchange Type.
enum class ExchangeType : std::uint8_t {
    ike_sa_init = 34,
    ike_auth = 35,
    create_child_sa = 36,
    informational = 37,
    ike_session_resume = 38, // RFC 5723
    gsa_auth = 39,           // RFC 9838 (G-IKEv2)
    gsa_registration = 40,
    gsa_rekey = 41,
    ike_intermediate = 43, // RFC 9242
    ike_followup_ke = 44,  // RFC 9370
};

// RFC 7296 3.2, Next Payload / payload type.
enum class PayloadType : std::uint8_t {
    none = 0,
    sa = 33,
    ke = 34,
    idi = 35,
    idr = 36,
    cert = 37,
    certreq = 38,
    auth = 39,
    nonce = 40,
    notify = 41,
    del = 42,
    vendor_id = 43,
    tsi = 44,
    tsr = 45,
    sk = 46,
    cp = 47,
    eap = 48,
    gspm = 49, // RFC 6467; not parsed here (kept as an unknown payload)
    skf = 53,  // RFC 7383
};

// RFC 7296 3.3.1, Protocol ID (proposals, Notify, Delete).
enum class ProtocolId : std::uint8_t {
    none = 0,
    ike = 1,
    ah = 2,
    esp = 3,
};

// RFC 7296 3.3.2, Transform Type.
enum class TransformType : std::uint8_t {
    encr = 1,
    prf = 2,
    integ = 3,
    dh = 4, // "Key Exchange Method" since RFC 9370
    esn = 5,
    addke1 = 6, // RFC 9370, additional key exchanges 1..7
    addke2 = 7,
    addke3 = 8,
    addke4 = 9,
    addke5 = 10,
    addke6 = 11,
    addke7 = 12,
};

// RFC 7296 3.3.5, Transform Attribute Type (only Key Length is defined).
enum class TransformAttributeType : std::uint16_t {
    key_length = 14,
};

// RFC 7296 3.5, ID Type.
enum class IdType : std::uint8_t {
    ipv4_addr = 1,
    fqdn = 2,
    rfc822_addr = 3,
    ipv6_addr = 5,
    der_asn1_dn = 9,
    der_asn1_gn = 10,
    key_id = 11,
    fc_name = 12, // RFC 4595
    null_id = 13, // RFC 7619
};

// RFC 7296 3.6, Certificate Encoding (CERT and CERTREQ).
enum class CertEncoding : std::uint8_t {
    pkcs7_x509 = 1,
    pgp = 2,
    dns_signed_key = 3,
    x509_signature = 4,
    kerberos_token = 6,
    crl = 7,
    arl = 8,
    spki = 9,
    x509_attribute = 10,
    raw_rsa_key = 11, // deprecated by RFC 7296
    hash_url_x509_cert = 12,
    hash_url_x509_bundle = 13,
    ocsp_content = 14,   // RFC 4806
    raw_public_key = 15, // RFC 7670
};

// RFC 7296 3.8, Auth Method.
enum class AuthMethod : std::uint8_t {
    rsa_sig = 1,
    shared_key_mic = 2,
    dss_sig = 3,
    ecdsa_sha256_p256 = 9, // RFC 4754
    ecdsa_sha384_p384 = 10,
    ecdsa_sha512_p521 = 11,
    generic_secure_password = 12, // RFC 6467
    null_auth = 13,               // RFC 7619
    digital_signature = 14,       // RFC 7427
};

// RFC 7296 3.10.1, Notify Message Type: error types below 16384, status types above.
enum class NotifyType : std::uint16_t {
    unsupported_critical_payload = 1,
    invalid_ike_spi = 4,
    invalid_major_version = 5,
    invalid_syntax = 7,
    invalid_message_id = 9,
    invalid_spi = 11,
    no_proposal_chosen = 14,
    invalid_ke_payload = 17,
    authentication_failed = 24,
    single_pair_required = 34,
    no_additional_sas = 35,
    internal_address_failure = 36,
    failed_cp_required = 37,
    ts_unacceptable = 38,
    invalid_selectors = 39,
    unacceptable_addresses = 40, // RFC 4555
    unexpected_nat_detected = 41,
    use_assigned_hoa = 42, // RFC 5026
    temporary_failure = 43,
    child_sa_not_found = 44,
    invalid_group_id = 45, // RFC 9838
    authorization_failed = 46,
    state_not_found = 47, // RFC 9370

    initial_contact = 16384,
    set_window_size = 16385,
    additional_ts_possible = 16386,
    ipcomp_supported = 16387,
    nat_detection_source_ip = 16388,
    nat_detection_destination_ip = 16389,
    cookie = 16390,
    use_transport_mode = 16391,
    http_cert_lookup_supported = 16392,
    rekey_sa = 16393,
    esp_tfc_padding_not_supported = 16394,
    non_first_fragments_also = 16395,
    mobike_supported = 16396, // RFC 4555
    additional_ip4_address = 16397,
    additional_ip6_address = 16398,
    no_additional_addresses = 16399,
    update_sa_addresses = 16400,
    cookie2 = 16401,
    no_nats_allowed = 16402,
    auth_lifetime = 16403,           // RFC 4478
    multiple_auth_supported = 16404, // RFC 4739
    another_auth_follows = 16405,
    redirect_supported = 16406, // RFC 5685
    redirect = 16407,
    redirected_from = 16408,
    ticket_lt_opaque = 16409, // RFC 5723
    ticket_request = 16410,
    ticket_ack = 16411,
    ticket_nack = 16412,
    ticket_opaque = 16413,
    link_id = 16414, // RFC 5739
    use_wesp_mode = 16415,
    rohc_supported = 16416,
    eap_only_authentication = 16417,         // RFC 5998
    childless_ikev2_supported = 16418,       // RFC 6023
    quick_crash_detection = 16419,           // RFC 6290
    ikev2_message_id_sync_supported = 16420, // RFC 6311
    ipsec_replay_counter_sync_supported = 16421,
    ikev2_message_id_sync = 16422,
    ipsec_replay_counter_sync = 16423,
    secure_password_methods = 16424, // RFC 6467
    psk_persist = 16425,             // RFC 6631
    psk_confirm = 16426,
    erx_supported = 16427, // RFC 6867
    ifom_capability = 16428,
    sender_request_id = 16429,
    ikev2_fragmentation_supported = 16430, // RFC 7383
    signature_hash_algorithms = 16431,     // RFC 7427
    clone_ike_sa_supported = 16432,        // RFC 7791
    clone_ike_sa = 16433,
    puzzle = 16434,  // RFC 8019
    use_ppk = 16435, // RFC 8784
    ppk_identity = 16436,
    no_ppk_auth = 16437,
    intermediate_exchange_supported = 16438, // RFC 9242
    ip4_allowed = 16439,                     // RFC 8983
    ip6_allowed = 16440,
    additional_key_exchange = 16441, // RFC 9370
    use_aggfrag = 16442,             // RFC 9347
    supported_auth_methods = 16443,  // RFC 9593
};

// RFC 7296 3.13.1, Traffic Selector Type.
enum class TsType : std::uint8_t {
    ipv4_addr_range = 7,
    ipv6_addr_range = 8,
};

// RFC 7296 3.15, CFG Type.
enum class CfgType : std::uint8_t {
    request = 1,
    reply = 2,
    set = 3,
    ack = 4,
};

// RFC 7296 3.15.1, Configuration Attribute Type (15 bits).
enum class ConfigAttributeType : std::uint16_t {
    internal_ip4_address = 1,
    internal_ip4_netmask = 2,
    internal_ip4_dns = 3,
    internal_ip4_nbns = 4,
    internal_ip4_dhcp = 6,
    application_version = 7,
    internal_ip6_address = 8,
    internal_ip6_dns = 10,
    internal_ip6_dhcp = 12,
    internal_ip4_subnet = 13,
    supported_attributes = 14,
    internal_ip6_subnet = 15,
    mip6_home_prefix = 16,
    internal_ip6_link = 17,
    internal_ip6_prefix = 18,
    home_agent_address = 19,
    p_cscf_ip4_address = 20,
    p_cscf_ip6_address = 21,
    ftt_kat = 22,
    external_source_ip4_nat_info = 23,
    timeout_period_for_liveness_check = 24,
    internal_dns_domain = 25,
    internal_dnssec_ta = 26,
};

// Names for logs: the RFC's spelling ("IKE_SA_INIT", "NAT_DETECTION_SOURCE_IP",
// "ENCR"); a value without a name gives its number ("PAYLOAD_99").
std::string exchange_type_name(ExchangeType type);
std::string payload_type_name(PayloadType type);
std::string protocol_id_name(ProtocolId id);
std::string transform_type_name(TransformType type);
std::string id_type_name(IdType type);
std::string cert_encoding_name(CertEncoding encoding);
std::string auth_method_name(AuthMethod method);
std::string notify_type_name(NotifyType type);
std::string ts_type_name(TsType type);
std::string cfg_type_name(CfgType type);
std::string config_attribute_type_name(ConfigAttributeType type);
// Transform IDs depend on the transform type: "AES_CBC", "HMAC_SHA2_256_128",
// "PRF_HMAC_SHA2_256", "CURVE_25519", "ESN"; else "<TYPE>_<id>".
std::string transform_id_name(TransformType type, std::uint16_t id);

// True for the payload types this codec parses into a typed payload.
bool is_known_payload_type(std::uint8_t type);

} // namespace ipsec::ike::wire
