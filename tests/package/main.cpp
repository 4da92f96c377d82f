// Resolves an itinerary with the installed engine; exits 0 when the answer is right.
#include <cstdio>

#include "engine/routes/itinerary.hpp"

int main() {
  using namespace borderflow::routes;
  Gazetteer g;
  Place a;
  a.name = "Jashore";
  a.aliases = {"Jessore"};
  a.lonlat = {89.2081, 23.1664};
  g.add(a);
  Place b;
  b.name = "Benapole";
  b.lonlat = {88.8917, 23.0435};
  g.add(b);
  const Route r = resolve_itinerary("JESSORE > benapole", "land", {}, g, borderflow::InputLocation("inline"));
  const bool ok = r.legs.size() == 1 && r.legs[0].mode == Mode::land && r.legs[0].path[1].x == 88.8917;
  std::printf("consumer: %s\n", ok ? "ok" : "wrong");
  return ok ? 0 : 1;
}
