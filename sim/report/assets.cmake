# The report's assets (HTML, CSS, JavaScript in sim/report/assets/) compiled
# into smtpsim_report as string constants. Included by sim/CMakeLists.txt.
file(GLOB SMTPSIM_REPORT_ASSETS CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/report/assets/*)
set(SMTPSIM_REPORT_ASSETS_CPP ${CMAKE_CURRENT_BINARY_DIR}/generated/report/embedded_assets.cpp)
add_custom_command(
  OUTPUT ${SMTPSIM_REPORT_ASSETS_CPP}
  COMMAND ${CMAKE_COMMAND} -DASSETS_DIR=${CMAKE_CURRENT_SOURCE_DIR}/report/assets
          -DOUTPUT=${SMTPSIM_REPORT_ASSETS_CPP}
          -P ${CMAKE_CURRENT_SOURCE_DIR}/report/embed_assets.cmake
  DEPENDS ${SMTPSIM_REPORT_ASSETS} ${CMAKE_CURRENT_SOURCE_DIR}/report/embed_assets.cmake
  COMMENT "Embedding the report's HTML, CSS and JavaScript"
  VERBATIM)
target_sources(smtpsim_report PRIVATE ${SMTPSIM_REPORT_ASSETS_CPP})
