// SHA-256 and base64 against the vectors of FIPS 180-4 (NIST's examples) and
// RFC 4648 10.
#include <gtest/gtest.h>

#include <string>

#include "core/base64.hpp"
#include "core/sha256.hpp"

namespace core = smtpsim::core;

namespace {

std::string hex(const std::array<std::uint8_t, 32>& digest) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string text;
    for (const std::uint8_t byte : digest) {
        text += digits[byte >> 4];
        text += digits[byte & 15];
    }
    return text;
}

TEST(sha256, gives_the_nist_digests) {
    EXPECT_EQ(hex(core::sha256("")),
              "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(hex(core::sha256("abc")),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(hex(core::sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    EXPECT_EQ(hex(core::sha256(std::string(1'000'000, 'a'))),
              "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(sha256, pads_each_length_around_a_block) {
    // 55 bytes fit with their length in one block, 56 need two; 64 is one whole block.
    EXPECT_EQ(hex(core::sha256(std::string(55, 'a'))),
              "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
    EXPECT_EQ(hex(core::sha256(std::string(56, 'a'))),
              "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
    EXPECT_EQ(hex(core::sha256(std::string(64, 'a'))),
              "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
}

TEST(base64, gives_the_rfc_4648_vectors) {
    EXPECT_EQ(core::base64(""), "");
    EXPECT_EQ(core::base64("f"), "Zg==");
    EXPECT_EQ(core::base64("fo"), "Zm8=");
    EXPECT_EQ(core::base64("foo"), "Zm9v");
    EXPECT_EQ(core::base64("foob"), "Zm9vYg==");
    EXPECT_EQ(core::base64("fooba"), "Zm9vYmE=");
    EXPECT_EQ(core::base64("foobar"), "Zm9vYmFy");
    EXPECT_EQ(core::base64(std::string("\xff\xfe\x00", 3)), "//4A");
}

}  // namespace
