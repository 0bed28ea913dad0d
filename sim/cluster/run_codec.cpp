// The encoding of a run's record: one list of fields per struct, walked by
// the writer and by the reader alike, so that the two cannot drift apart.
#include "cluster/run_codec.hpp"

#include <bit>
#include <cstdint>
#include <stdexcept>
#include <type_traits>
#include <utility>

namespace smtpsim::cluster {
namespace detail {

// The number of fields of an aggregate: the most initializers its braces take.
struct AnyField {
    template <class T>
    operator T() const;  // never called: only in unevaluated braces
};

template <class T, class... Fields>
constexpr std::size_t field_count() {
    if constexpr (requires { T{std::declval<Fields>()..., AnyField{}}; }) {
        return field_count<T, Fields..., AnyField>();
    } else {
        return sizeof...(Fields);
    }
}

// A field added to the records must be added to the lists below too.
static_assert(field_count<compare::RunRecord>() == 11,
              "RunRecord gained or lost a field: update record_fields()");
static_assert(field_count<compare::RunMetrics>() == 28,
              "RunMetrics gained or lost a field: update metric_fields()");
static_assert(field_count<compare::HostLoad>() == 5,
              "HostLoad gained or lost a field: update host_fields()");
static_assert(field_count<compare::LinkLoad>() == 2,
              "LinkLoad gained or lost a field: update link_fields()");

class Writer {
  public:
    void operator()(std::uint64_t value) {
        for (int byte = 0; byte < 8; ++byte) {
            bytes_.push_back(static_cast<char>(value >> (8 * byte)));
        }
    }
    void operator()(std::uint32_t value) { (*this)(std::uint64_t{value}); }
    void operator()(std::int64_t value) { (*this)(static_cast<std::uint64_t>(value)); }
    void operator()(double value) { (*this)(std::bit_cast<std::uint64_t>(value)); }
    void operator()(mta::RoutingMode mode) { (*this)(static_cast<std::uint64_t>(mode)); }
    void operator()(const std::string& text) {
        (*this)(std::uint64_t{text.size()});
        bytes_ += text;
    }
    template <class T, class Fields>
    void sequence(const std::vector<T>& items, Fields fields) {
        (*this)(std::uint64_t{items.size()});
        for (const T& item : items) {
            fields(*this, item);
        }
    }
    std::string take() { return std::move(bytes_); }

  private:
    std::string bytes_;
};

class Reader {
  public:
    explicit Reader(std::string_view bytes) : bytes_(bytes) {}
    void operator()(std::uint64_t& value) {
        if (bytes_.size() < 8) {
            throw std::runtime_error("an encoded run ends early");
        }
        value = 0;
        for (int byte = 0; byte < 8; ++byte) {
            value |= std::uint64_t{static_cast<unsigned char>(bytes_[byte])} << (8 * byte);
        }
        bytes_.remove_prefix(8);
    }
    void operator()(std::uint32_t& value) { value = static_cast<std::uint32_t>(next()); }
    void operator()(std::int64_t& value) { value = static_cast<std::int64_t>(next()); }
    void operator()(double& value) { value = std::bit_cast<double>(next()); }
    void operator()(mta::RoutingMode& mode) {
        const std::uint64_t value = next();
        if (value >= mta::routing_mode_names.size()) {
            throw std::runtime_error("an encoded run has an unknown routing mode");
        }
        mode = static_cast<mta::RoutingMode>(value);
    }
    void operator()(std::string& text) {
        const std::uint64_t size = next();
        if (size > bytes_.size()) {
            throw std::runtime_error("an encoded run ends early");
        }
        text.assign(bytes_.substr(0, size));
        bytes_.remove_prefix(size);
    }
    template <class T, class Fields>
    void sequence(std::vector<T>& items, Fields fields) {
        const std::uint64_t size = next();
        if (size > bytes_.size()) {  // every item takes at least one byte
            throw std::runtime_error("an encoded run ends early");
        }
        items.resize(size);
        for (T& item : items) {
            fields(*this, item);
        }
    }
    bool at_end() const { return bytes_.empty(); }

  private:
    std::uint64_t next() {
        std::uint64_t value = 0;
        (*this)(value);
        return value;
    }
    std::string_view bytes_;
};

// Each list takes a Writer with a const struct, or a Reader with a mutable one.
template <class Archive, class Metrics>
void metric_fields(Archive& a, Metrics& m) {
    a(m.injected), a(m.recipients), a(m.delivered), a(m.returned), a(m.unreturnable);
    a(m.in_flight), a(m.delivery_ratio), a(m.returned_ratio);
    a.sequence(m.delivered_within, [](Archive& archive, auto& share) { archive(share); });
    a(m.latency_mean_s), a(m.latency_p95_s);
    a(m.hops_mean), a(m.hops_max), a(m.sessions), a(m.sessions_per_mail);
    a(m.link_bytes), a(m.link_bytes_per_mail), a(m.delivered_bytes), a(m.goodput_bytes_per_s);
    a(m.busiest_link), a(m.busiest_link_utilisation), a(m.peak_queue);
    a(m.busiest_host_share), a(m.busiest_host), a(m.notifications);
    a(m.notification_latency_mean_s), a(m.events), a(m.sim_time_s);
}

template <class Archive, class Host>
void host_fields(Archive& a, Host& h) {
    a(h.host), a(h.sessions), a(h.bytes), a(h.accepted), a(h.peak_queue);
}

template <class Archive, class Link>
void link_fields(Archive& a, Link& l) {
    a(l.link), a(l.utilisation);
}

template <class Archive, class Record>
void record_fields(Archive& a, Record& r) {
    a(r.point), a(r.topology), a(r.routing), a(r.replication), a(r.seed);
    metric_fields(a, r.metrics);
    a.sequence(r.hosts, [](Archive& archive, auto& host) { host_fields(archive, host); });
    a.sequence(r.latency_ns, [](Archive& archive, auto& ns) { archive(ns); });
    a.sequence(r.links, [](Archive& archive, auto& link) { link_fields(archive, link); });
    a.sequence(r.hop_counts, [](Archive& archive, auto& count) { archive(count); });
    a.sequence(r.queue_samples, [](Archive& archive, auto& sample) {
        archive.sequence(sample, [](Archive& inner, auto& length) { inner(length); });
    });
}

}  // namespace detail

std::string encode_run(std::size_t index, const compare::RunRecord& record) {
    detail::Writer writer;
    writer(std::uint64_t{index});
    detail::record_fields(writer, record);
    return writer.take();
}

EncodedRun decode_run(std::string_view bytes) {
    detail::Reader reader(bytes);
    EncodedRun run;
    std::uint64_t index = 0;
    reader(index);
    run.index = index;
    detail::record_fields(reader, run.record);
    if (!reader.at_end()) {
        throw std::runtime_error("an encoded run has bytes after its end");
    }
    return run;
}

}  // namespace smtpsim::cluster
