// The trace bus and the names of failure causes.
#include "trace/trace.hpp"

namespace smtpsim::trace {

std::string Cause::name() const {
    switch (kind) {
        case Kind::none:
            return "";
        case Kind::reply:
            return std::to_string(code);
        case Kind::refused:
            return "refused";
        case Kind::no_route:
            return "no route";
        case Kind::lifetime:
            return "lifetime";
    }
    return "";
}

void Bus::subscribe(Observer& observer) {
    observers_.emplace_back(&observer, observer.interests());
    wanted_ |= observer.interests();
}

void Bus::unsubscribe(Observer& observer) {
    std::erase_if(observers_, [&](const auto& entry) { return entry.first == &observer; });
    wanted_ = 0;
    for (const auto& entry : observers_) {
        wanted_ |= entry.second;
    }
}

}  // namespace smtpsim::trace
