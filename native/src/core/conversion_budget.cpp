#include "conversion_budget.hpp"

#include <utility>

namespace luaward {

bool ConversionBudget::checkDepth() {
  if (depth_ < limits_.maxDepth) return true;
  const char* nested = containers_ == Containers::Tables ? "tables" : "values";
  return fail(std::string(nested) + " are nested deeper than maxValueDepth (" + std::to_string(limits_.maxDepth) + ")");
}

bool ConversionBudget::countEntries(std::uint64_t count) {
  tally_.entries += count;
  if (tally_.entries > limits_.maxSize) {
    const char* entries = containers_ == Containers::Tables ? "table entries" : "entries";
    return fail("the value has more than maxValueSize (" + std::to_string(limits_.maxSize) + ") " + entries);
  }
  if (tally_.entries <= limits_.maxBytes / kEntryBytes) return true;
  const char* entries = containers_ == Containers::Tables ? "table entries" : "entries";
  return fail(std::string("the ") + entries + " of the value (" + std::to_string(kEntryBytes) +
              " bytes each, a shared table counted wherever it appears) add up to more than the memory limit (" +
              std::to_string(limits_.maxBytes) + " bytes)");
}

bool ConversionBudget::countBytes(std::uint64_t length) {
  tally_.bytes += length;
  if (tally_.bytes > limits_.maxBytes) {
    return fail("the strings of the value add up to more than the memory limit (" + std::to_string(limits_.maxBytes) +
                " bytes)");
  }
  return true;
}

bool ConversionBudget::fail(std::string message) {
  failure_ = std::move(message);
  return false;
}

Error conversionError(std::string_view message, std::string path) {
  Error error = Error::make(ErrorKind::Conversion, std::string(message) + " at " + path);
  error.path = std::move(path);
  return error;
}

}  // namespace luaward
