#include "ui/model/input_spec.h"

#include <nlohmann/json.hpp>

namespace ls::ui {

namespace {

// A whole number in [lo, hi] at spec[key]; false (with error) if missing, not a number or out of range.
bool integer(const nlohmann::json& spec, const char* key, int64_t lo, int64_t hi, int64_t& out, std::string& error) {
  auto it = spec.find(key);
  if (it == spec.end() || !it->is_number()) {
    error = std::string("fault: '") + key + "' must be a number";
    return false;
  }
  double v = it->get<double>();
  if (v != static_cast<double>(static_cast<int64_t>(v)) || v < static_cast<double>(lo) || v > static_cast<double>(hi)) {
    error = std::string("fault: '") + key + "' must be a whole number from " + std::to_string(lo) + " to " +
            std::to_string(hi);
    return false;
  }
  out = static_cast<int64_t>(v);
  return true;
}

bool client_of(const nlohmann::json& spec, bool required, Input& out, std::string& error) {
  if (!required && !spec.contains("client")) return true;
  int64_t id = 0;
  if (!integer(spec, "client", 1, INT32_MAX, id, error)) return false;
  out.client = static_cast<uint64_t>(id);
  return true;
}

}  // namespace

bool fault_input(const std::string& spec_json, Input& out, std::string& error) {
  nlohmann::json spec = nlohmann::json::parse(spec_json, nullptr, false);
  if (spec.is_discarded() || !spec.is_object()) {
    error = "fault(spec): spec is an object such as {kind: 'reset', client: 1}";
    return false;
  }
  auto kind = spec.find("kind");
  std::string k = kind != spec.end() && kind->is_string() ? kind->get<std::string>() : "";
  out = Input{};
  if (k == "latency") {
    out.action = InputAction::Latency;
    return integer(spec, "ms", 0, 60000, out.value, error) && client_of(spec, false, out, error);
  }
  if (k == "reset") {
    out.action = InputAction::Reset;
    return client_of(spec, true, out, error);
  }
  if (k == "refuse") {
    out.action = InputAction::Refuse;
    if (spec.contains("port") && !integer(spec, "port", 1, 65535, out.value, error)) return false;
    auto on = spec.find("on");
    if (on != spec.end() && !on->is_boolean()) {
      error = "fault: 'on' must be true or false";
      return false;
    }
    out.on = on == spec.end() || on->get<bool>();
    return true;
  }
  if (k == "fdlimit") {
    out.action = InputAction::FdLimit;
    return integer(spec, "n", 1, 1 << 20, out.value, error);
  }
  if (k == "sndbuf") {
    out.action = InputAction::SendBuffer;
    return client_of(spec, true, out, error) && integer(spec, "bytes", 1, 64 << 20, out.value, error);
  }
  error = "fault: 'kind' is one of latency, reset, refuse, fdlimit, sndbuf";
  return false;
}

}  // namespace ls::ui
