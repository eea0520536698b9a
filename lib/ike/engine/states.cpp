// SPDX-License-Identifier: GPL-2.0-or-later
#include "ike/engine/states.hpp"

#include <initializer_list>
#include <string>

namespace ipsec::ike::engine {

namespace {

template <typename State>
struct Edge {
    State from;
    std::initializer_list<State> to;
};

using I = IkeState;
using C = ChildState;

// Every state may go to destroyed (failure, expiry, peer's DELETE).
const Edge<IkeState> kIkeEdges[] = {
    {I::created, {I::connecting}},
    {I::connecting, {I::established, I::deleting}},
    {I::established, {I::rekeying, I::rekeyed, I::deleting}},
    {I::rekeying, {I::established, I::rekeyed, I::deleting}},
    {I::rekeyed, {I::deleting}},
    {I::deleting, {}},
    {I::destroyed, {}},
};

const Edge<ChildState> kChildEdges[] = {
    {C::created, {C::installed}},
    {C::installed, {C::rekeying, C::rekeyed, C::deleting}},
    {C::rekeying, {C::installed, C::rekeyed, C::deleting}},
    {C::rekeyed, {C::deleting}},
    {C::deleting, {}},
    {C::destroyed, {}},
};

template <typename State, std::size_t N>
bool allowed(const Edge<State> (&edges)[N], State from, State to) {
    if (to == State::destroyed)
        return from != State::destroyed;
    for (const auto& edge : edges)
        if (edge.from == from)
            for (State s : edge.to)
                if (s == to)
                    return true;
    return false;
}

template <typename State>
Result<void> move(State& state, State to, const char* what) {
    if (!transition_allowed(state, to))
        return Error::plain(std::string(what) + " state change " + std::string(state_name(state)) +
                            " => " + std::string(state_name(to)) + " is not allowed");
    state = to;
    return success();
}

} // namespace

std::string_view state_name(IkeState state) {
    switch (state) {
    case I::created:
        return "CREATED";
    case I::connecting:
        return "CONNECTING";
    case I::established:
        return "ESTABLISHED";
    case I::rekeying:
        return "REKEYING";
    case I::rekeyed:
        return "REKEYED";
    case I::deleting:
        return "DELETING";
    case I::destroyed:
        return "DESTROYING";
    }
    return "UNKNOWN";
}

std::string_view state_name(ChildState state) {
    switch (state) {
    case C::created:
        return "CREATED";
    case C::installed:
        return "INSTALLED";
    case C::rekeying:
        return "REKEYING";
    case C::rekeyed:
        return "REKEYED";
    case C::deleting:
        return "DELETING";
    case C::destroyed:
        return "DESTROYING";
    }
    return "UNKNOWN";
}

bool transition_allowed(IkeState from, IkeState to) {
    return allowed(kIkeEdges, from, to);
}

bool transition_allowed(ChildState from, ChildState to) {
    return allowed(kChildEdges, from, to);
}

Result<void> transition(IkeState& state, IkeState to) {
    return move(state, to, "IKE_SA");
}

Result<void> transition(ChildState& state, ChildState to) {
    return move(state, to, "CHILD_SA");
}

} // namespace ipsec::ike::engine
