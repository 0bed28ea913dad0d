// One constexpr table of names per enumeration: the name of a value, and the
// value of a name, as files, outputs and the command line spell them. The
// enumeration's values must be 0, 1, ... N-1, in the order of the names.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

namespace smtpsim::core {

template <typename Enum, std::size_t N>
class EnumNames {
  public:
    constexpr explicit EnumNames(std::array<std::string_view, N> names) : names_(names) {}

    constexpr std::string_view operator()(Enum value) const {
        return names_[static_cast<std::size_t>(value)];
    }
    constexpr std::optional<Enum> parse(std::string_view text) const {
        for (std::size_t i = 0; i < N; ++i) {
            if (names_[i] == text) {
                return static_cast<Enum>(i);
            }
        }
        return std::nullopt;
    }
    constexpr std::span<const std::string_view, N> names() const { return names_; }
    static constexpr std::size_t size() { return N; }
    // Every value, in order, for loops and tests.
    constexpr std::array<Enum, N> values() const {
        std::array<Enum, N> all{};
        for (std::size_t i = 0; i < N; ++i) {
            all[i] = static_cast<Enum>(i);
        }
        return all;
    }

  private:
    std::array<std::string_view, N> names_;
};

template <typename Enum, typename... Names>
constexpr auto enum_names(Names... names) {
    return EnumNames<Enum, sizeof...(Names)>({std::string_view(names)...});
}

}  // namespace smtpsim::core
