// jemalloc's options for the smtpsim program (linked in only with jemalloc):
// transparent huge pages for the heap. A large run reads its hosts, queues,
// sessions and the route search's state all over hundreds of megabytes;
// with 2 MiB pages the TLB covers them, where this machine's kernel gives
// huge pages only to memory that asks for them (madvise). Measured in
// results/bench/simulation.md ("Huge pages"). MALLOC_CONF in the environment
// still overrides it.
extern "C" {
// NOLINTNEXTLINE: the name and type jemalloc reads at start-up
const char* malloc_conf = "thp:always";
}
