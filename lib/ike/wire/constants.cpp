// SPDX-License-Identifier: GPL-2.0-or-later
#include "ike/wire/constants.hpp"

#include <array>
#include <utility>

namespace ipsec::ike::wire {

namespace {

using Entry = std::pair<unsigned, const char*>;

template <std::size_t N>
std::string lookup(const std::array<Entry, N>& table, unsigned value, const char* prefix) {
    for (const auto& [number, name] : table)
        if (number == value)
            return name;
    return std::string(prefix) + std::to_string(value);
}

constexpr std::array<Entry, 10> exchange_names{{
    {34, "IKE_SA_INIT"},
    {35, "IKE_AUTH"},
    {36, "CREATE_CHILD_SA"},
    {37, "INFORMATIONAL"},
    {38, "IKE_SESSION_RESUME"},
    {39, "GSA_AUTH"},
    {40, "GSA_REGISTRATION"},
    {41, "GSA_REKEY"},
    {43, "IKE_INTERMEDIATE"},
    {44, "IKE_FOLLOWUP_KE"},
}};

constexpr std::array<Entry, 19> payload_names{{
    {0, "NONE"},    {33, "SA"},        {34, "KE"},   {35, "IDi"},   {36, "IDr"},
    {37, "CERT"},   {38, "CERTREQ"},   {39, "AUTH"}, {40, "Nonce"}, {41, "Notify"},
    {42, "Delete"}, {43, "Vendor ID"}, {44, "TSi"},  {45, "TSr"},   {46, "SK"},
    {47, "CP"},     {48, "EAP"},       {49, "GSPM"}, {53, "SKF"},
}};

constexpr std::array<Entry, 4> protocol_names{{
    {0, "NONE"},
    {1, "IKE"},
    {2, "AH"},
    {3, "ESP"},
}};

constexpr std::array<Entry, 12> transform_type_names{{
    {1, "ENCR"},
    {2, "PRF"},
    {3, "INTEG"},
    {4, "KE"},
    {5, "ESN"},
    {6, "ADDKE1"},
    {7, "ADDKE2"},
    {8, "ADDKE3"},
    {9, "ADDKE4"},
    {10, "ADDKE5"},
    {11, "ADDKE6"},
    {12, "ADDKE7"},
}};

constexpr std::array<Entry, 9> id_names{{
    {1, "ID_IPV4_ADDR"},
    {2, "ID_FQDN"},
    {3, "ID_RFC822_ADDR"},
    {5, "ID_IPV6_ADDR"},
    {9, "ID_DER_ASN1_DN"},
    {10, "ID_DER_ASN1_GN"},
    {11, "ID_KEY_ID"},
    {12, "ID_FC_NAME"},
    {13, "ID_NULL"},
}};

constexpr std::array<Entry, 14> cert_names{{
    {1, "PKCS7_X509"},
    {2, "PGP"},
    {3, "DNS_SIGNED_KEY"},
    {4, "X509_SIGNATURE"},
    {6, "KERBEROS_TOKEN"},
    {7, "CRL"},
    {8, "ARL"},
    {9, "SPKI"},
    {10, "X509_ATTRIBUTE"},
    {11, "RAW_RSA_KEY"},
    {12, "HASH_URL_X509_CERT"},
    {13, "HASH_URL_X509_BUNDLE"},
    {14, "OCSP_CONTENT"},
    {15, "RAW_PUBLIC_KEY"},
}};

constexpr std::array<Entry, 9> auth_names{{
    {1, "RSA_SIG"},
    {2, "SHARED_KEY_MIC"},
    {3, "DSS_SIG"},
    {9, "ECDSA_SHA256_P256"},
    {10, "ECDSA_SHA384_P384"},
    {11, "ECDSA_SHA512_P521"},
    {12, "GENERIC_SECURE_PASSWORD"},
    {13, "NULL_AUTH"},
    {14, "DIGITAL_SIGNATURE"},
}};

constexpr std::array<Entry, 83> notify_names{{
    {1, "UNSUPPORTED_CRITICAL_PAYLOAD"},
    {4, "INVALID_IKE_SPI"},
    {5, "INVALID_MAJOR_VERSION"},
    {7, "INVALID_SYNTAX"},
    {9, "INVALID_MESSAGE_ID"},
    {11, "INVALID_SPI"},
    {14, "NO_PROPOSAL_CHOSEN"},
    {17, "INVALID_KE_PAYLOAD"},
    {24, "AUTHENTICATION_FAILED"},
    {34, "SINGLE_PAIR_REQUIRED"},
    {35, "NO_ADDITIONAL_SAS"},
    {36, "INTERNAL_ADDRESS_FAILURE"},
    {37, "FAILED_CP_REQUIRED"},
    {38, "TS_UNACCEPTABLE"},
    {39, "INVALID_SELECTORS"},
    {40, "UNACCEPTABLE_ADDRESSES"},
    {41, "UNEXPECTED_NAT_DETECTED"},
    {42, "USE_ASSIGNED_HoA"},
    {43, "TEMPORARY_FAILURE"},
    {44, "CHILD_SA_NOT_FOUND"},
    {45, "INVALID_GROUP_ID"},
    {46, "AUTHORIZATION_FAILED"},
    {47, "STATE_NOT_FOUND"},
    {16384, "INITIAL_CONTACT"},
    {16385, "SET_WINDOW_SIZE"},
    {16386, "ADDITIONAL_TS_POSSIBLE"},
    {16387, "IPCOMP_SUPPORTED"},
    {16388, "NAT_DETECTION_SOURCE_IP"},
    {16389, "NAT_DETECTION_DESTINATION_IP"},
    {16390, "COOKIE"},
    {16391, "USE_TRANSPORT_MODE"},
    {16392, "HTTP_CERT_LOOKUP_SUPPORTED"},
    {16393, "REKEY_SA"},
    {16394, "ESP_TFC_PADDING_NOT_SUPPORTED"},
    {16395, "NON_FIRST_FRAGMENTS_ALSO"},
    {16396, "MOBIKE_SUPPORTED"},
    {16397, "ADDITIONAL_IP4_ADDRESS"},
    {16398, "ADDITIONAL_IP6_ADDRESS"},
    {16399, "NO_ADDITIONAL_ADDRESSES"},
    {16400, "UPDATE_SA_ADDRESSES"},
    {16401, "COOKIE2"},
    {16402, "NO_NATS_ALLOWED"},
    {16403, "AUTH_LIFETIME"},
    {16404, "MULTIPLE_AUTH_SUPPORTED"},
    {16405, "ANOTHER_AUTH_FOLLOWS"},
    {16406, "REDIRECT_SUPPORTED"},
    {16407, "REDIRECT"},
    {16408, "REDIRECTED_FROM"},
    {16409, "TICKET_LT_OPAQUE"},
    {16410, "TICKET_REQUEST"},
    {16411, "TICKET_ACK"},
    {16412, "TICKET_NACK"},
    {16413, "TICKET_OPAQUE"},
    {16414, "LINK_ID"},
    {16415, "USE_WESP_MODE"},
    {16416, "ROHC_SUPPORTED"},
    {16417, "EAP_ONLY_AUTHENTICATION"},
    {16418, "CHILDLESS_IKEV2_SUPPORTED"},
    {16419, "QUICK_CRASH_DETECTION"},
    {16420, "IKEV2_MESSAGE_ID_SYNC_SUPPORTED"},
    {16421, "IPSEC_REPLAY_COUNTER_SYNC_SUPPORTED"},
    {16422, "IKEV2_MESSAGE_ID_SYNC"},
    {16423, "IPSEC_REPLAY_COUNTER_SYNC"},
    {16424, "SECURE_PASSWORD_METHODS"},
    {16425, "PSK_PERSIST"},
    {16426, "PSK_CONFIRM"},
    {16427, "ERX_SUPPORTED"},
    {16428, "IFOM_CAPABILITY"},
    {16429, "SENDER_REQUEST_ID"},
    {16430, "IKEV2_FRAGMENTATION_SUPPORTED"},
    {16431, "SIGNATURE_HASH_ALGORITHMS"},
    {16432, "CLONE_IKE_SA_SUPPORTED"},
    {16433, "CLONE_IKE_SA"},
    {16434, "PUZZLE"},
    {16435, "USE_PPK"},
    {16436, "PPK_IDENTITY"},
    {16437, "NO_PPK_AUTH"},
    {16438, "INTERMEDIATE_EXCHANGE_SUPPORTED"},
    {16439, "IP4_ALLOWED"},
    {16440, "IP6_ALLOWED"},
    {16441, "ADDITIONAL_KEY_EXCHANGE"},
    {16442, "USE_AGGFRAG"},
    {16443, "SUPPORTED_AUTH_METHODS"},
}};

constexpr std::array<Entry, 2> ts_names{{
    {7, "TS_IPV4_ADDR_RANGE"},
    {8, "TS_IPV6_ADDR_RANGE"},
}};

constexpr std::array<Entry, 4> cfg_names{{
    {1, "CFG_REQUEST"},
    {2, "CFG_REPLY"},
    {3, "CFG_SET"},
    {4, "CFG_ACK"},
}};

constexpr std::array<Entry, 24> config_attribute_names{{
    {1, "INTERNAL_IP4_ADDRESS"},
    {2, "INTERNAL_IP4_NETMASK"},
    {3, "INTERNAL_IP4_DNS"},
    {4, "INTERNAL_IP4_NBNS"},
    {6, "INTERNAL_IP4_DHCP"},
    {7, "APPLICATION_VERSION"},
    {8, "INTERNAL_IP6_ADDRESS"},
    {10, "INTERNAL_IP6_DNS"},
    {12, "INTERNAL_IP6_DHCP"},
    {13, "INTERNAL_IP4_SUBNET"},
    {14, "SUPPORTED_ATTRIBUTES"},
    {15, "INTERNAL_IP6_SUBNET"},
    {16, "MIP6_HOME_PREFIX"},
    {17, "INTERNAL_IP6_LINK"},
    {18, "INTERNAL_IP6_PREFIX"},
    {19, "HOME_AGENT_ADDRESS"},
    {20, "P_CSCF_IP4_ADDRESS"},
    {21, "P_CSCF_IP6_ADDRESS"},
    {22, "FTT_KAT"},
    {23, "EXTERNAL_SOURCE_IP4_NAT_INFO"},
    {24, "TIMEOUT_PERIOD_FOR_LIVENESS_CHECK"},
    {25, "INTERNAL_DNS_DOMAIN"},
    {26, "INTERNAL_DNSSEC_TA"},
    {0, "RESERVED"},
}};

constexpr std::array<Entry, 26> encr_names{{
    {1, "DES_IV64"},
    {2, "DES"},
    {3, "3DES"},
    {4, "RC5"},
    {5, "IDEA"},
    {6, "CAST"},
    {7, "BLOWFISH"},
    {8, "3IDEA"},
    {9, "DES_IV32"},
    {11, "NULL"},
    {12, "AES_CBC"},
    {13, "AES_CTR"},
    {14, "AES_CCM_8"},
    {15, "AES_CCM_12"},
    {16, "AES_CCM_16"},
    {18, "AES_GCM_8"},
    {19, "AES_GCM_12"},
    {20, "AES_GCM_16"},
    {21, "NULL_AES_GMAC"},
    {23, "CAMELLIA_CBC"},
    {24, "CAMELLIA_CTR"},
    {25, "CAMELLIA_CCM_8"},
    {26, "CAMELLIA_CCM_12"},
    {27, "CAMELLIA_CCM_16"},
    {28, "CHACHA20_POLY1305"},
    {10, "RESERVED_10"},
}};

constexpr std::array<Entry, 8> prf_names{{
    {1, "PRF_HMAC_MD5"},
    {2, "PRF_HMAC_SHA1"},
    {3, "PRF_HMAC_TIGER"},
    {4, "PRF_AES128_XCBC"},
    {5, "PRF_HMAC_SHA2_256"},
    {6, "PRF_HMAC_SHA2_384"},
    {7, "PRF_HMAC_SHA2_512"},
    {8, "PRF_AES128_CMAC"},
}};

constexpr std::array<Entry, 15> integ_names{{
    {0, "NONE"},
    {1, "HMAC_MD5_96"},
    {2, "HMAC_SHA1_96"},
    {3, "DES_MAC"},
    {4, "KPDK_MD5"},
    {5, "AES_XCBC_96"},
    {6, "HMAC_MD5_128"},
    {7, "HMAC_SHA1_160"},
    {8, "AES_CMAC_96"},
    {9, "AES_128_GMAC"},
    {10, "AES_192_GMAC"},
    {11, "AES_256_GMAC"},
    {12, "HMAC_SHA2_256_128"},
    {13, "HMAC_SHA2_384_192"},
    {14, "HMAC_SHA2_512_256"},
}};

constexpr std::array<Entry, 26> ke_names{{
    {0, "NONE"},           {1, "MODP_768"},       {2, "MODP_1024"},      {5, "MODP_1536"},
    {14, "MODP_2048"},     {15, "MODP_3072"},     {16, "MODP_4096"},     {17, "MODP_6144"},
    {18, "MODP_8192"},     {19, "ECP_256"},       {20, "ECP_384"},       {21, "ECP_521"},
    {22, "MODP_1024_160"}, {23, "MODP_2048_224"}, {24, "MODP_2048_256"}, {25, "ECP_192"},
    {26, "ECP_224"},       {27, "ECP_224_BP"},    {28, "ECP_256_BP"},    {29, "ECP_384_BP"},
    {30, "ECP_512_BP"},    {31, "CURVE_25519"},   {32, "CURVE_448"},     {35, "ML_KEM_512"},
    {36, "ML_KEM_768"},    {37, "ML_KEM_1024"},
}};

constexpr std::array<Entry, 2> esn_names{{
    {0, "NO_EXT_SEQ"},
    {1, "EXT_SEQ"},
}};

} // namespace

std::string exchange_type_name(ExchangeType type) {
    return lookup(exchange_names, static_cast<unsigned>(type), "EXCHANGE_");
}
std::string payload_type_name(PayloadType type) {
    return lookup(payload_names, static_cast<unsigned>(type), "PAYLOAD_");
}
std::string protocol_id_name(ProtocolId id) {
    return lookup(protocol_names, static_cast<unsigned>(id), "PROTO_");
}
std::string transform_type_name(TransformType type) {
    return lookup(transform_type_names, static_cast<unsigned>(type), "TRANSFORM_TYPE_");
}
std::string id_type_name(IdType type) {
    return lookup(id_names, static_cast<unsigned>(type), "ID_");
}
std::string cert_encoding_name(CertEncoding encoding) {
    return lookup(cert_names, static_cast<unsigned>(encoding), "CERT_");
}
std::string auth_method_name(AuthMethod method) {
    return lookup(auth_names, static_cast<unsigned>(method), "AUTH_");
}
std::string notify_type_name(NotifyType type) {
    return lookup(notify_names, static_cast<unsigned>(type), "NOTIFY_");
}
std::string ts_type_name(TsType type) {
    return lookup(ts_names, static_cast<unsigned>(type), "TS_");
}
std::string cfg_type_name(CfgType type) {
    return lookup(cfg_names, static_cast<unsigned>(type), "CFG_");
}
std::string config_attribute_type_name(ConfigAttributeType type) {
    return lookup(config_attribute_names, static_cast<unsigned>(type), "CFG_ATTRIBUTE_");
}

std::string transform_id_name(TransformType type, std::uint16_t id) {
    switch (type) {
    case TransformType::encr:
        return lookup(encr_names, id, "ENCR_");
    case TransformType::prf:
        return lookup(prf_names, id, "PRF_");
    case TransformType::integ:
        return lookup(integ_names, id, "INTEG_");
    case TransformType::dh:
    case TransformType::addke1:
    case TransformType::addke2:
    case TransformType::addke3:
    case TransformType::addke4:
    case TransformType::addke5:
    case TransformType::addke6:
    case TransformType::addke7:
        return lookup(ke_names, id, "KE_");
    case TransformType::esn:
        return lookup(esn_names, id, "ESN_");
    }
    return transform_type_name(type) + "_" + std::to_string(id);
}

bool is_known_payload_type(std::uint8_t type) {
    return (type >= 33 && type <= 48) || type == 53;
}

} // namespace ipsec::ike::wire
