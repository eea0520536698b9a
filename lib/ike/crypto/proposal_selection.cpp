// SPDX-License-Identifier: GPL-2.0-or-later
#include "ike/crypto/proposal_selection.hpp"

#include "ike/crypto/transform_registry.hpp"

#include <algorithm>

namespace ipsec::ike::crypto {

namespace {

constexpr TransformType kTypeOrder[] = {TransformType::encr, TransformType::prf,
                                        TransformType::integ, TransformType::ke,
                                        TransformType::esn};

bool contains(const std::vector<Transform>& list, const Transform& t) {
    return std::find(list.begin(), list.end(), t) != list.end();
}

bool offers_none(const std::vector<Transform>& list) {
    return std::any_of(list.begin(), list.end(), [](const Transform& t) { return t.id == 0; });
}

// Matches `preferred` against `other` (same protocol); the algorithm order of
// `preferred` wins. nullopt when some transform type has no common algorithm.
std::optional<std::vector<Transform>> match(const Proposal& preferred, const Proposal& other,
                                            const SelectionOptions& options) {
    std::vector<Transform> chosen;
    bool aead = false;
    // A transform type outside RFC 7296's five (e.g. RFC 9370's additional
    // key exchanges) must be answered; we cannot, so such a proposal fails.
    for (const Proposal* p : {&preferred, &other})
        for (const Transform& t : p->transforms)
            if (static_cast<int>(t.type) < 1 || static_cast<int>(t.type) > 5)
                return std::nullopt;
    for (TransformType type : kTypeOrder) {
        if (type == TransformType::integ && aead)
            continue;
        if (type == TransformType::ke && options.skip_ke)
            continue;
        std::vector<Transform> mine = preferred.of_type(type);
        std::vector<Transform> theirs = other.of_type(type);
        if (mine.empty() && theirs.empty())
            continue;
        bool optional_ke = type == TransformType::ke && preferred.protocol != Protocol::ike;
        if (mine.empty() || theirs.empty()) {
            // An ESP/AH proposal without PFS matches one that offers NONE.
            if (optional_ke && offers_none(mine.empty() ? theirs : mine))
                continue;
            return std::nullopt;
        }
        auto common = std::find_if(mine.begin(), mine.end(),
                                   [&](const Transform& t) { return contains(theirs, t); });
        if (common == mine.end())
            return std::nullopt;
        if (common->id == 0 && type != TransformType::esn)
            continue; // NONE agreed: no transform of this type
        chosen.push_back(*common);
        if (type == TransformType::encr && is_aead(static_cast<EncrId>(common->id)))
            aead = true;
    }
    return chosen;
}

std::string list_string(std::span<const Proposal> proposals) {
    std::string out;
    for (const Proposal& p : proposals) {
        if (!out.empty())
            out += ", ";
        out += to_string(p);
    }
    return out.empty() ? "(none)" : out;
}

std::uint8_t number_of(const Proposal& p, std::size_t index) {
    return p.number != 0 ? p.number : static_cast<std::uint8_t>(index + 1);
}

} // namespace

ipsec::Result<Proposal> select_proposal(std::span<const Proposal> configured,
                                        std::span<const Proposal> received,
                                        SelectionOptions options) {
    auto try_pair = [&](const Proposal& ours, const Proposal& theirs,
                        std::size_t their_index) -> std::optional<Proposal> {
        if (ours.protocol != theirs.protocol)
            return std::nullopt;
        auto chosen =
            options.prefer_configured ? match(ours, theirs, options) : match(theirs, ours, options);
        if (!chosen)
            return std::nullopt;
        Proposal selected;
        selected.protocol = theirs.protocol;
        selected.number = number_of(theirs, their_index);
        selected.spi = theirs.spi;
        selected.transforms = std::move(*chosen);
        return selected;
    };
    if (options.prefer_configured) {
        for (const Proposal& ours : configured)
            for (std::size_t i = 0; i < received.size(); ++i)
                if (auto s = try_pair(ours, received[i], i))
                    return *s;
    } else {
        for (std::size_t i = 0; i < received.size(); ++i)
            for (const Proposal& ours : configured)
                if (auto s = try_pair(ours, received[i], i))
                    return *s;
    }
    return ipsec::Error::ike(notify::no_proposal_chosen,
                             "no acceptable proposal: received " + list_string(received) +
                                 "; configured " + list_string(configured));
}

ipsec::Result<Proposal> check_selected(std::span<const Proposal> offered, const Proposal& answer,
                                       SelectionOptions options) {
    for (TransformType type : kTypeOrder)
        if (answer.of_type(type).size() > 1)
            return ipsec::Error::ike(notify::no_proposal_chosen,
                                     "the selected proposal " + to_string(answer) +
                                         " has more than one " +
                                         std::string(transform_type_name(type)));
    for (std::size_t i = 0; i < offered.size(); ++i) {
        if (number_of(offered[i], i) != answer.number || offered[i].protocol != answer.protocol)
            continue;
        options.prefer_configured = true;
        auto chosen = match(offered[i], answer, options);
        if (chosen && std::all_of(answer.transforms.begin(), answer.transforms.end(),
                                  [&](const Transform& t) {
                                      return contains(*chosen, t) ||
                                             (t.type == TransformType::ke && options.skip_ke);
                                  })) {
            Proposal out = answer;
            return out;
        }
        break;
    }
    return ipsec::Error::ike(notify::no_proposal_chosen,
                             "the selected proposal " + to_string(answer) + " (number " +
                                 std::to_string(answer.number) +
                                 ") is not one we offered: " + list_string(offered));
}

namespace {

ipsec::Result<Transform> single(const Proposal& p, TransformType type) {
    auto list = p.of_type(type);
    if (list.size() != 1)
        return ipsec::Error::ike(notify::no_proposal_chosen,
                                 "selected proposal " + to_string(p) + " has " +
                                     std::to_string(list.size()) + " " +
                                     std::string(transform_type_name(type)) + " transforms");
    if (!is_supported(list[0]))
        return ipsec::Error::ike(notify::no_proposal_chosen, "selected transform " +
                                                                 transform_name(list[0]) +
                                                                 " is not supported");
    return list[0];
}

} // namespace

ipsec::Result<IkeSuite> ike_suite(const Proposal& p) {
    if (p.protocol != Protocol::ike)
        return ipsec::Error::plain("ike_suite() of a " + std::string(protocol_name(p.protocol)) +
                                   " proposal");
    IkeSuite suite;
    auto encr = single(p, TransformType::encr);
    if (!encr)
        return encr.error();
    suite.encr = static_cast<EncrId>(encr->id);
    suite.encr_key_length = encr->key_length;
    if (!is_aead(suite.encr)) {
        auto integ = single(p, TransformType::integ);
        if (!integ)
            return integ.error();
        suite.integ = static_cast<IntegId>(integ->id);
    } else if (p.has(TransformType::integ)) {
        return ipsec::Error::ike(notify::no_proposal_chosen,
                                 "selected proposal " + to_string(p) +
                                     " combines an AEAD cipher with an integrity algorithm");
    }
    auto prf = single(p, TransformType::prf);
    if (!prf)
        return prf.error();
    suite.prf = static_cast<PrfId>(prf->id);
    auto ke = single(p, TransformType::ke);
    if (!ke)
        return ke.error();
    suite.ke = static_cast<KeId>(ke->id);
    return suite;
}

ipsec::Result<ChildSuite> child_suite(const Proposal& p) {
    if (p.protocol == Protocol::ike)
        return ipsec::Error::plain("child_suite() of an IKE proposal");
    ChildSuite suite;
    if (p.protocol == Protocol::esp) {
        auto encr = single(p, TransformType::encr);
        if (!encr)
            return encr.error();
        suite.encr = static_cast<EncrId>(encr->id);
        suite.encr_key_length = encr->key_length;
    }
    bool aead = suite.encr && is_aead(*suite.encr);
    if (p.has(TransformType::integ) || p.protocol == Protocol::ah) {
        if (aead)
            return ipsec::Error::ike(notify::no_proposal_chosen,
                                     "selected proposal " + to_string(p) +
                                         " combines an AEAD cipher with an integrity algorithm");
        auto integ = single(p, TransformType::integ);
        if (!integ)
            return integ.error();
        suite.integ = static_cast<IntegId>(integ->id);
    }
    if (p.has(TransformType::ke)) {
        auto ke = single(p, TransformType::ke);
        if (!ke)
            return ke.error();
        suite.ke = static_cast<KeId>(ke->id);
    }
    auto esn = p.of_type(TransformType::esn);
    if (esn.size() > 1)
        return ipsec::Error::ike(notify::no_proposal_chosen,
                                 "selected proposal " + to_string(p) + " has several ESN values");
    suite.esn = !esn.empty() && esn[0].id == static_cast<std::uint16_t>(EsnId::yes);
    return suite;
}

} // namespace ipsec::ike::crypto
