# Writes a C++ source that holds every file of the report's assets folder as
# a string constant, so that the report is built the same from any folder.
# Run as: cmake -DASSETS_DIR=<folder> -DOUTPUT=<file.cpp> -P embed_assets.cmake
file(GLOB asset_files RELATIVE ${ASSETS_DIR} ${ASSETS_DIR}/*)
list(SORT asset_files)
set(delimiter "smtpsim_asset")
set(body "")
foreach(name IN LISTS asset_files)
  file(READ ${ASSETS_DIR}/${name} content)
  string(FIND "${content}" ")${delimiter}\"" clash)
  if(NOT clash EQUAL -1)
    message(FATAL_ERROR "${name} holds the text that ends the embedded string: )${delimiter}\"")
  endif()
  string(APPEND body "    {\"${name}\", R\"${delimiter}(${content})${delimiter}\"},\n")
endforeach()
set(text "// Generated from sim/report/assets/ by sim/report/embed_assets.cmake: do not edit.
#include \"report/assets.hpp\"

#include <array>
#include <stdexcept>
#include <string>

namespace smtpsim::report {
namespace {

struct Asset {
    std::string_view name;
    std::string_view text;
};

const Asset assets[] = {
${body}};

}  // namespace

std::string_view asset(std::string_view name) {
    for (const Asset& a : assets) {
        if (a.name == name) {
            return a.text;
        }
    }
    throw std::logic_error(\"the report has no asset \" + std::string(name));
}

}  // namespace smtpsim::report
")
# Rewrite only when it changed, so that nothing rebuilds for nothing.
if(EXISTS ${OUTPUT})
  file(READ ${OUTPUT} old)
endif()
if(NOT "${old}" STREQUAL "${text}")
  file(WRITE ${OUTPUT} "${text}")
endif()
