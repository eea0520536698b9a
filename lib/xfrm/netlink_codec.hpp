// SPDX-License-Identifier: GPL-2.0-or-later
// Private to libipxf: the XFRM netlink codec between the model and the kernel's
// structs of <linux/xfrm.h>, on libnl-3 core messages. Not installed.
#pragma once

#include "xfrm/netlink.hpp"

#include <cstdint>
#include <linux/xfrm.h>
#include <memory>
#include <optional>
#include <vector>

struct nl_msg;
struct nlmsghdr;

namespace ipxf::detail {

struct NlMsgFree {
    void operator()(nl_msg* msg) const;
};
using MsgPtr = std::unique_ptr<nl_msg, NlMsgFree>;

// The message header of a built message.
nlmsghdr* header(nl_msg* msg);

// Builders. `flags` are the nlmsg_flags (NLM_F_REQUEST is always added).
// They return nullptr only when memory runs out.
MsgPtr build_add_state(const State& state, bool update, std::uint32_t seq, std::uint16_t flags);
MsgPtr build_state_id(std::uint16_t type, const StateId& id, std::uint32_t seq,
                      std::uint16_t flags);
MsgPtr build_add_policy(const Policy& policy, bool update, std::uint32_t seq, std::uint16_t flags);
MsgPtr build_policy_id(std::uint16_t type, const PolicyId& id, std::uint32_t seq,
                       std::uint16_t flags);
// The same four requests appended to `out` (the bulk send buffer), byte for
// byte as the builders above make them, without a message allocation.
void append_add_state(std::vector<std::uint8_t>& out, const State& state, bool update,
                      std::uint32_t seq, std::uint16_t flags);
void append_state_id(std::vector<std::uint8_t>& out, std::uint16_t type, const StateId& id,
                     std::uint32_t seq, std::uint16_t flags);
void append_add_policy(std::vector<std::uint8_t>& out, const Policy& policy, bool update,
                       std::uint32_t seq, std::uint16_t flags);
void append_policy_id(std::vector<std::uint8_t>& out, std::uint16_t type, const PolicyId& id,
                      std::uint32_t seq, std::uint16_t flags);
MsgPtr build_flush_states(std::uint8_t proto, std::uint32_t seq, std::uint16_t flags);
MsgPtr build_flush_policies(std::optional<std::uint8_t> ptype, std::uint32_t seq,
                            std::uint16_t flags);
MsgPtr build_alloc_spi(const State& state, std::uint32_t min, std::uint32_t max, std::uint32_t seq,
                       std::uint16_t flags);
// GETSADINFO / GETSPDINFO (a u32 flags payload).
MsgPtr build_info_request(std::uint16_t type, std::uint32_t seq, std::uint16_t flags);
MsgPtr build_set_spd_thresh(SpdHashThreshold v4, SpdHashThreshold v6, std::uint32_t seq,
                            std::uint16_t flags);
MsgPtr build_default(std::uint16_t type, const DefaultPolicy* def, std::uint32_t seq,
                     std::uint16_t flags);
// A bare header (dump requests).
MsgPtr build_bare(std::uint16_t type, std::uint32_t seq, std::uint16_t flags);

// Decoders. `nlh` must be whole: nlmsg_len bytes readable.
Result<State> decode_state(const nlmsghdr* nlh);
Result<Policy> decode_policy(const nlmsghdr* nlh);
Result<SadInfo> decode_sad_info(const nlmsghdr* nlh);
Result<SpdInfo> decode_spd_info(const nlmsghdr* nlh);
Result<DefaultPolicy> decode_default(const nlmsghdr* nlh);
Result<MonitorEvent> decode_event(const nlmsghdr* nlh);
// The AcquireInfo, ReportInfo, AeventInfo, MappingInfo or DefaultPolicy of
// `nlh` into `ev`, when it is long enough for it (monitor_info.cpp).
void decode_event_info(const nlmsghdr* nlh, MonitorEvent& ev);
// The model's forms of the kernel's structs.
Address address_from_kernel(const xfrm_address_t& a, std::uint16_t family);
Selector selector_from_kernel(const xfrm_selector& s);
StateId sa_id_from_kernel(const xfrm_usersa_id& id);

// An identity that deletes / gets what `state` or `policy` added: the same
// as StateId::of / PolicyId::of (model.hpp), which new code uses.
StateId state_id_of(const State& state);
PolicyId policy_id_of(const Policy& policy);

} // namespace ipxf::detail
