// SPDX-License-Identifier: GPL-2.0-or-later
// ipxf -j monitor: one JSON object per notification.
#include "monitor_event.hpp"
#include "xfrm/print_json.hpp"

#include <arpa/inet.h>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <linux/netlink.h>
#include <linux/xfrm.h>
#include <sys/socket.h>

namespace ipxf::cli {
namespace {

// ---------------------------------------------------------------------------
// JSON (ipxf -j monitor): one object per event

// An object of already-rendered values; nested objects are rendered at
// depth 1 by their printers when pretty.
class JsonEvent {
public:
    explicit JsonEvent(bool pretty) : pretty_(pretty) {}
    JsonEvent& raw(const char* key, std::string value) {
        fields_.emplace_back(key, std::move(value));
        return *this;
    }
    JsonEvent& str(const char* key, const std::string& v) { return raw(key, json_quote(v)); }
    JsonEvent& num(const char* key, std::uint64_t v) { return raw(key, std::to_string(v)); }
    JsonEvent& snum(const char* key, std::int64_t v) { return raw(key, std::to_string(v)); }
    JsonEvent& boolean(const char* key, bool v) { return raw(key, v ? "true" : "false"); }

    std::string take() const {
        std::string out = "{";
        bool first = true;
        for (const auto& [k, v] : fields_) {
            if (!first)
                out += ",";
            first = false;
            if (pretty_)
                out += "\n    ";
            out += json_quote(k) + (pretty_ ? ": " : ":") + v;
        }
        if (pretty_ && !fields_.empty())
            out += "\n";
        return out + "}\n";
    }

private:
    bool pretty_;
    std::vector<std::pair<std::string, std::string>> fields_;
};

const char* family_name(std::uint16_t f) {
    return f == AF_INET ? "inet" : f == AF_INET6 ? "inet6" : f == AF_UNSPEC ? "unspec" : nullptr;
}

void add_family(JsonEvent& j, std::uint16_t f) {
    if (const char* n = family_name(f))
        j.str("family", n);
    else
        j.num("family", f);
}

// The "event" name of a notification type in -j output.
const char* event_name(std::uint16_t type) {
    switch (type) {
    case XFRM_MSG_NEWSA:
        return "add-sa";
    case XFRM_MSG_UPDSA:
        return "update-sa";
    case XFRM_MSG_DELSA:
        return "delete-sa";
    case XFRM_MSG_EXPIRE:
        return "expire-sa";
    case XFRM_MSG_NEWPOLICY:
        return "add-policy";
    case XFRM_MSG_UPDPOLICY:
        return "update-policy";
    case XFRM_MSG_DELPOLICY:
        return "delete-policy";
    case XFRM_MSG_POLEXPIRE:
        return "expire-policy";
    case XFRM_MSG_ACQUIRE:
        return "acquire";
    case XFRM_MSG_FLUSHSA:
        return "flush-sa";
    case XFRM_MSG_FLUSHPOLICY:
        return "flush-policy";
    case XFRM_MSG_REPORT:
        return "report";
    case XFRM_MSG_NEWAE:
        return "aevent";
    case XFRM_MSG_MAPPING:
        return "mapping";
    case XFRM_MSG_GETDEFAULT:
        return "default-policy";
    default:
        return "unknown";
    }
}

// The fields of one -j event after "event" and "nsid", by type.
class JsonFields {
public:
    JsonFields(JsonEvent& j, const MonitorEvent& ev, const PrintOptions& opt, bool pretty)
        : j_(j), ev_(ev), opt_(opt), pretty_(pretty), depth_(pretty ? 1 : 0) {}

    void add();

private:
    void objects();
    void acquire();
    void flush_policy();
    void report();
    void aevent();
    void mapping();
    void usersa(const StateId& id, std::uint32_t reqid);
    void default_policy();
    void unknown();

    JsonEvent& j_;
    const MonitorEvent& ev_;
    const PrintOptions& opt_;
    bool pretty_;
    int depth_;
};

void JsonFields::add() {
    switch (ev_.type) {
    case XFRM_MSG_NEWSA:
    case XFRM_MSG_UPDSA:
    case XFRM_MSG_DELSA:
    case XFRM_MSG_EXPIRE:
    case XFRM_MSG_NEWPOLICY:
    case XFRM_MSG_UPDPOLICY:
    case XFRM_MSG_DELPOLICY:
    case XFRM_MSG_POLEXPIRE:
        return objects();
    case XFRM_MSG_ACQUIRE:
        return acquire();
    case XFRM_MSG_FLUSHSA:
        if (ev_.flush_proto)
            j_.str("proto", xfrm_proto_name(*ev_.flush_proto));
        return;
    case XFRM_MSG_FLUSHPOLICY:
        return flush_policy();
    case XFRM_MSG_REPORT:
        return report();
    case XFRM_MSG_NEWAE:
        return aevent();
    case XFRM_MSG_MAPPING:
        return mapping();
    case XFRM_MSG_GETDEFAULT:
        return default_policy();
    default:
        return unknown();
    }
}

// An SA or policy change: "hard" for an expiry, then the object.
void JsonFields::objects() {
    if (ev_.type == XFRM_MSG_EXPIRE || ev_.type == XFRM_MSG_POLEXPIRE)
        j_.boolean("hard", ev_.hard);
    if (ev_.state)
        j_.raw("state", state_to_json(*ev_.state, opt_, pretty_, depth_));
    if (ev_.policy)
        j_.raw("policy", policy_to_json(*ev_.policy, opt_, pretty_, depth_));
}

void JsonFields::acquire() {
    if (const auto& a = ev_.acquire) {
        j_.num("seq", a->seq);
        j_.num("ealgos", a->ealgos);
        j_.num("aalgos", a->aalgos);
        j_.num("calgos", a->calgos);
    }
    objects();
}

void JsonFields::flush_policy() {
    for (const auto& [type, data] : attributes(ev_, 0)) {
        xfrm_userpolicy_type t{};
        if (type == XFRMA_POLICY_TYPE && data.size() >= sizeof(t)) {
            std::memcpy(&t, data.data(), sizeof(t));
            j_.str("ptype", t.type == XFRM_POLICY_TYPE_MAIN  ? std::string("main")
                            : t.type == XFRM_POLICY_TYPE_SUB ? std::string("sub")
                                                             : std::to_string(t.type));
        }
    }
}

void JsonFields::report() {
    if (!ev_.report)
        return;
    const ReportInfo& r = *ev_.report;
    j_.str("proto", xfrm_proto_name(r.proto));
    State s; // carries the selector in the SA schema
    s.sel = r.sel;
    s.family = r.sel.family;
    for (const std::optional<Address>& coa : r.coaddrs)
        if (coa)
            j_.str("coa", addr_text(*coa, r.sel.family ? r.sel.family : opt_.preferred_family));
    j_.raw("state", state_to_json(s, opt_, pretty_, depth_));
}

void JsonFields::aevent() {
    if (!ev_.aevent)
        return;
    const AeventInfo& ae = *ev_.aevent;
    j_.num("flags", ae.flags);
    std::string names = "[";
    auto name = [&](std::uint32_t bit, const char* n) {
        if (!(ae.flags & bit))
            return;
        if (names.size() > 1)
            names += pretty_ ? ", " : ",";
        names += json_quote(n);
    };
    name(XFRM_AE_CR, "replay update");
    name(XFRM_AE_CE, "timer expired");
    name(XFRM_AE_CU, "policy updated");
    j_.raw("flag_names", names + "]");
    j_.str("src", addr_text(ae.saddr, ae.id.family));
    usersa(ae.id, ae.reqid);
}

void JsonFields::mapping() {
    if (!ev_.mapping)
        return;
    const MappingInfo& m = *ev_.mapping;
    j_.str("old_src", addr_text(m.old_saddr, m.id.family));
    j_.num("old_sport", m.old_sport);
    j_.str("new_src", addr_text(m.new_saddr, m.id.family));
    j_.num("new_sport", m.new_sport);
    usersa(m.id, m.reqid);
}

// The SA an aevent or mapping is about.
void JsonFields::usersa(const StateId& id, std::uint32_t reqid) {
    j_.str("dst", addr_text(id.daddr, id.family));
    add_family(j_, id.family);
    j_.num("reqid", reqid);
    j_.str("proto", xfrm_proto_name(id.proto));
    j_.num("spi", id.spi);
}

void JsonFields::default_policy() {
    if (!ev_.default_policy)
        return;
    j_.str("in", default_policy_name(ev_.default_policy->in));
    j_.str("fwd", default_policy_name(ev_.default_policy->fwd));
    j_.str("out", default_policy_name(ev_.default_policy->out));
}

void JsonFields::unknown() {
    nlmsghdr h{};
    if (ev_.raw.size() >= sizeof(h))
        std::memcpy(&h, ev_.raw.data(), sizeof(h));
    j_.num("type", ev_.type);
    j_.num("len", h.nlmsg_len);
    j_.num("flags", h.nlmsg_flags);
}

} // namespace

std::string json_event(const MonitorEvent& ev, const PrintOptions& opt, bool pretty,
                       std::optional<int> nsid) {
    JsonEvent j(pretty);
    j.str("event", event_name(ev.type));
    if (nsid) {
        if (*nsid < 0)
            j.str("nsid", "current");
        else
            j.snum("nsid", *nsid);
    }
    JsonFields(j, ev, opt, pretty).add();
    return j.take();
}

} // namespace ipxf::cli
