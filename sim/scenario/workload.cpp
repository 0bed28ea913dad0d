// The workload: explicit messages submitted at their times, and traffic
// sources that each draw their next mail when the previous one is sent, so
// that memory holds only the mail in flight.
#include <algorithm>

#include "core/random.hpp"
#include "scenario/workload.hpp"

namespace smtpsim::scenario {
namespace {

// A made-up mail text of exactly `bytes` bytes on the wire (with CRLFs),
// short headers first, then lines of at most 72 characters.
smtp::MailTextPtr made_up_text(std::uint64_t bytes, const smtp::Mailbox& from,
                               const std::vector<smtp::Path>& to, std::uint64_t number) {
    const std::string serial = std::to_string(number);
    const smtp::Mailbox* first = to.empty() ? nullptr : &to.front().mailbox;
    const std::size_t header_bytes =
        from.local_part.size() + from.domain.size() + 9 +
        (first ? first->local_part.size() + first->domain.size() + 1 : 0) + 6 + serial.size() + 19 +
        2;
    // Body lines of at most 72 characters; when too few bytes are left for
    // a line of their own, the last line is lengthened with "x".
    constexpr std::string_view filler =
        "All work and no play makes Jack a dull boy. The quick brown fox jumps over";
    std::uint64_t used = header_bytes;
    std::vector<std::size_t> lengths;
    std::size_t extra = 0;
    while (used < bytes) {
        const std::uint64_t room = bytes - used;
        if (room < 3) {
            extra = static_cast<std::size_t>(room);
            break;
        }
        lengths.push_back(static_cast<std::size_t>(std::min<std::uint64_t>(72, room - 2)));
        used += lengths.back() + 2;
    }
    smtp::MailText::Builder text(static_cast<std::size_t>(std::max(bytes, used)),
                                 lengths.size() + 4);
    text.add_parts({"From: ", from.local_part, "@", from.domain});
    text.add_parts(
        {"To: ", first ? first->local_part : "", first ? "@" : "", first ? first->domain : ""});
    text.add_parts({"Subject: Message ", serial});
    const std::string tail(extra, 'x');
    text.add_parts({lengths.empty() ? std::string_view(tail) : std::string_view()});
    for (std::size_t i = 0; i < lengths.size(); ++i) {
        text.add_parts({filler.substr(0, lengths[i]),
                        i + 1 == lengths.size() ? std::string_view(tail) : std::string_view()});
    }
    return text.finish();
}

}  // namespace

Workload::Workload(mta::Simulation& sim, core::Scheduler& scheduler, const Scenario& scenario)
    : sim_(sim), scheduler_(scheduler), scenario_(scenario) {}

void Workload::start() {
    for (const MessageSpec& m : scenario_.messages) {
        mta::Submission s;
        s.at = m.at;
        s.from = m.from;
        s.to = m.to;
        s.mode = m.mode;
        s.verify = m.verify;
        ++number_;
        s.text = m.data ? smtp::MailText::from_lines(*m.data)
                        : made_up_text(m.size, m.from, m.to, number_);
        sim_.submit(std::move(s));
    }
    for (const TrafficSpec& t : scenario_.traffic) {
        sources_.push_back(Source{&t, core::RandomStream(scenario_.seed, t.name, "traffic"), 0});
    }
    for (std::size_t i = 0; i < sources_.size(); ++i) {
        schedule_next(i, sources_[i].spec->start);
    }
}

void Workload::schedule_next(std::size_t index, Time from) {
    Source& source = sources_[index];
    const TrafficSpec& t = *source.spec;
    if (t.count && source.sent >= *t.count) {
        return;
    }
    Time gap = t.interval;
    if (t.process == Process::poisson) {
        gap = source.random.exponential(t.interval);
    } else if (source.sent == 0) {
        gap = Time::zero();  // fixed: the first mail at the start
    }
    const Time at = from + gap;
    if (t.duration && at > t.start + *t.duration) {
        return;
    }
    if (scenario_.config.stop && at > *scenario_.config.stop) {
        return;
    }
    scheduler_.schedule_at(at, [this, index] { send(index); });
}

smtp::Mailbox Workload::pick_user(core::RandomStream& random, net::HostId host) const {
    const net::HostProps& props = scenario_.topology->host(host);
    if (props.users.empty()) {
        return {"Postmaster", props.name};
    }
    return {props.users[random.choice(props.users.size())].mailbox, props.name};
}

void Workload::send(std::size_t index) {
    Source& source = sources_[index];
    const TrafficSpec& t = *source.spec;
    core::RandomStream& random = source.random;
    const net::HostId from = t.from[random.choice(t.from.size())];
    mta::Submission s;
    s.at = scheduler_.now();
    s.from = pick_user(random, from);
    s.mode = t.mode;
    // Recipients on random hosts other than the sender's, distinct where possible.
    std::vector<net::HostId> chosen;
    for (std::uint32_t r = 0; r < t.recipients; ++r) {
        net::HostId to = from;
        for (int attempt = 0; attempt < 64; ++attempt) {
            to = t.to[random.choice(t.to.size())];
            if (to != from && std::find(chosen.begin(), chosen.end(), to) == chosen.end()) {
                break;
            }
        }
        if (to == from) {
            continue;  // only the sender's own host to choose from
        }
        chosen.push_back(to);
        smtp::Path path;
        path.mailbox = pick_user(random, to);
        s.to.push_back(std::move(path));
    }
    ++source.sent;
    if (!s.to.empty()) {
        const std::uint64_t bytes =
            t.size.min == t.size.max ? t.size.min : random.uniform_int(t.size.min, t.size.max);
        ++number_;
        s.text = made_up_text(bytes, s.from, s.to, number_);
        sim_.submit(std::move(s));
    }
    schedule_next(index, scheduler_.now());
}

std::unique_ptr<Workload> schedule_workload(mta::Simulation& sim, core::Scheduler& scheduler,
                                            const Scenario& scenario) {
    auto workload = std::make_unique<Workload>(sim, scheduler, scenario);
    workload->start();
    return workload;
}

}  // namespace smtpsim::scenario
