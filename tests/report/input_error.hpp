// For tests of bad input: the core::InputError an action throws.
#pragma once

#include <gtest/gtest.h>

#include "core/input_error.hpp"

namespace smtpsim::test_support {

// The error `action` throws; a test failure (and an empty error) when it throws none.
template <class Action>
core::InputError input_error_of(Action&& action) {
    try {
        action();
    } catch (const core::InputError& e) {
        return e;
    }
    ADD_FAILURE() << "no InputError was thrown";
    return core::InputError("", "", "");
}

}  // namespace smtpsim::test_support
