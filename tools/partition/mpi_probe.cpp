// smtpsim-mpi-probe: the MPI costs that the speed-up model of
// docs/distributed.md needs, measured on the machine it runs on:
//   - a barrier, and the exchange that grants each time window (every rank
//     gives its next event time and its sent and received counts, as ns-3's
//     granted-time-window simulator does with MPI_Allgather);
//   - a small message's one-way latency (ping-pong between ranks 0 and 1);
//   - the cost per crossing event of packing a window's SMTP lines into one
//     buffer, exchanging the buffers and unpacking them into strings.
// Run: mpirun -np 2 smtpsim-mpi-probe [ROUNDS]
#include <mpi.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

struct WindowReport {
    std::int64_t next_event_ns;
    std::uint64_t sent;
    std::uint64_t received;
    std::uint64_t finished;
};

// Seconds per call of `step`, the slowest rank's.
template <typename Step>
double per_round(int rounds, Step step) {
    MPI_Barrier(MPI_COMM_WORLD);
    const double start = MPI_Wtime();
    for (int i = 0; i < rounds; ++i) {
        step(i);
    }
    double mine = (MPI_Wtime() - start) / rounds;
    double slowest = 0;
    MPI_Allreduce(&mine, &slowest, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
    return slowest;
}

// An SMTP line as it would cross ranks: when it arrives, for which session
// and host, and its bytes. One hop carries about 13 such events: the mail's
// text (1 to 4 kB) and a dozen short commands and replies.
std::string line_for(int i) {
    const std::size_t bytes = i % 13 == 0 ? 1000 + (i * 7919) % 3000 : 6 + i % 40;
    return std::string(bytes, static_cast<char>('A' + i % 26));
}

double mean_line_bytes(int count) {
    double bytes = 0;
    for (int i = 0; i < count; ++i) {
        bytes += static_cast<double>(line_for(i).size());
    }
    return bytes / count;
}

struct Crossing {
    std::int64_t arrival_ns;
    std::uint32_t host;
    std::uint64_t session;
    std::string line;
};

void pack(const std::vector<Crossing>& out, std::vector<char>& buffer) {
    buffer.clear();  // keeps its capacity from one window to the next
    for (const Crossing& c : out) {
        const std::uint32_t length = static_cast<std::uint32_t>(c.line.size());
        const std::size_t at = buffer.size();
        buffer.resize(at + 24 + length);
        std::memcpy(&buffer[at], &c.arrival_ns, 8);
        std::memcpy(&buffer[at + 8], &c.session, 8);
        std::memcpy(&buffer[at + 16], &c.host, 4);
        std::memcpy(&buffer[at + 20], &length, 4);
        std::memcpy(&buffer[at + 24], c.line.data(), length);
    }
}

void unpack(const std::vector<char>& buffer, std::vector<Crossing>& in) {
    in.clear();  // as the receiving kernel would, each line becomes its own string
    for (std::size_t at = 0; at < buffer.size();) {
        Crossing& c = in.emplace_back();
        std::uint32_t length = 0;
        std::memcpy(&c.arrival_ns, &buffer[at], 8);
        std::memcpy(&c.session, &buffer[at + 8], 8);
        std::memcpy(&c.host, &buffer[at + 16], 4);
        std::memcpy(&length, &buffer[at + 20], 4);
        c.line.assign(&buffer[at + 24], length);
        at += 24 + length;
    }
}

struct CrossingCosts {
    double pack = 0, exchange = 0, unpack = 0;  // seconds per crossing event
};

// Ranks 0 and 1 swap a window of `count` crossings, `rounds` times.
CrossingCosts per_crossing(int rank, int count, int rounds) {
    std::vector<Crossing> out;
    for (int i = 0; i < count; ++i) {
        out.push_back({i * 1000LL, static_cast<std::uint32_t>(i), static_cast<std::uint64_t>(i),
                       line_for(i)});
    }
    std::vector<Crossing> in;
    std::vector<char> sent, received;
    const int peer = 1 - rank;
    CrossingCosts costs;
    costs.pack = per_round(rounds, [&](int) { pack(out, sent); });
    costs.exchange = per_round(rounds, [&](int) {
        if (rank > 1) {
            return;
        }
        std::uint64_t size = sent.size(), peer_size = 0;
        MPI_Sendrecv(&size, 1, MPI_UINT64_T, peer, 1, &peer_size, 1, MPI_UINT64_T, peer, 1,
                     MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        received.resize(peer_size);
        MPI_Sendrecv(sent.data(), static_cast<int>(size), MPI_BYTE, peer, 2, received.data(),
                     static_cast<int>(peer_size), MPI_BYTE, peer, 2, MPI_COMM_WORLD,
                     MPI_STATUS_IGNORE);
    });
    costs.unpack = per_round(rounds, [&](int) { unpack(received, in); });
    costs.pack /= count;
    costs.exchange /= count;
    costs.unpack /= count;
    return costs;
}

}  // namespace

int main(int argc, char** argv) {
    MPI_Init(&argc, &argv);
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const int rounds = argc > 1 ? std::max(1, std::atoi(argv[1])) : 20000;
    if (size < 2) {
        if (rank == 0) {
            std::fprintf(stderr, "smtpsim-mpi-probe: run it with 2 or more ranks (mpirun -np 2)\n");
        }
        MPI_Finalize();
        return 2;
    }
    const double barrier = per_round(rounds, [](int) { MPI_Barrier(MPI_COMM_WORLD); });
    std::vector<WindowReport> all(size);
    const double grant = per_round(rounds, [&](int i) {
        WindowReport mine{i * 1000LL + rank, static_cast<std::uint64_t>(i),
                          static_cast<std::uint64_t>(i), 0};
        MPI_Allgather(&mine, sizeof mine, MPI_BYTE, all.data(), sizeof mine, MPI_BYTE,
                      MPI_COMM_WORLD);
    });
    char word[16] = {};
    const double round_trip = per_round(rounds, [&](int) {
        if (rank == 0) {
            MPI_Send(word, sizeof word, MPI_BYTE, 1, 0, MPI_COMM_WORLD);
            MPI_Recv(word, sizeof word, MPI_BYTE, 1, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        } else if (rank == 1) {
            MPI_Recv(word, sizeof word, MPI_BYTE, 0, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            MPI_Send(word, sizeof word, MPI_BYTE, 0, 0, MPI_COMM_WORLD);
        }
    });
    const CrossingCosts crossing = per_crossing(rank, 10000, std::max(1, rounds / 200));
    if (rank == 0) {
        std::printf("ranks: %d\n", size);
        std::printf("barrier: %.2f us\n", barrier * 1e6);
        std::printf("window grant (allgather of next time and counts): %.2f us\n", grant * 1e6);
        std::printf("one-way latency, 16 bytes: %.2f us\n", round_trip / 2 * 1e6);
        std::printf(
            "per crossing event, in windows of 10000 (mean %.0f bytes): pack %.0f ns, "
            "exchange %.0f ns, unpack %.0f ns\n",
            mean_line_bytes(10000), crossing.pack * 1e9, crossing.exchange * 1e9,
            crossing.unpack * 1e9);
    }
    MPI_Finalize();
    return 0;
}
