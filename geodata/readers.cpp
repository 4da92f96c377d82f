#include "geodata/readers.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <cmath>
#include <exception>
#include <map>
#include <optional>

#include "engine/core/parallel.hpp"
#include "engine/core/text.hpp"
#include "engine/geometry/validity.hpp"
#include "engine/hotspots/emerging.hpp"
#include "engine/routes/itinerary.hpp"
#include "geodata/detail/ogr_convert.hpp"
#include "geodata/source.hpp"

namespace borderflow::geodata {

using detail::field_value;
using detail::fields_as_text;
using detail::locate;
using Fields = std::vector<std::pair<std::string, std::string>>;

void ValidityReport::merge(const ValidityReport& other) {
  features += other.features;
  repaired += other.repaired;
  for (const auto& n : other.notes)
    if (notes.size() < 20) notes.push_back(n);
}

namespace {

struct FeatureDeleter {
  void operator()(OGRFeature* f) const noexcept { OGRFeature::DestroyFeature(f); }
};
using FeaturePtr = std::unique_ptr<OGRFeature, FeatureDeleter>;

std::string join(const std::vector<std::string>& xs) {
  std::string s;
  for (std::size_t i = 0; i < xs.size(); ++i) s += (i ? ", " : "") + xs[i];
  return s;
}

std::optional<double> parse_number(const std::string& raw) {
  const std::string t = text::trim(raw);
  double v = 0.0;
  auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (t.empty() || ec != std::errc() || ptr != t.data() + t.size()) return std::nullopt;
  return v;
}

void check_lonlat_geometry(const std::optional<std::string>& non_finite, const std::optional<std::string>& out_of_range,
                           const InputLocation& where, const std::string& source_crs) {
  if (non_finite)
    throw GeometryError(where, "the geometry has a non-finite coordinate: " + *non_finite,
                        "remove or correct the vertex (NaN and infinite values cannot be located)");
  if (out_of_range)
    throw GeometryError(where, "after reading as " + source_crs + ", " + *out_of_range +
                                   ", outside longitude -180..180 / latitude -90..90",
                        "the layer's CRS probably does not match its coordinates (metres declared as degrees?); "
                        "fix the CRS in the file or override it with `assume_crs`");
}

// A lon/lat pair from fields, or from the point geometry.
geometry::Coord read_point(OGRFeature& f, const Fields& fields, const InputLocation& where,
                           const detail::LonLatTransform* transform) {
  auto lon_text = field_value(fields, {"lon", "longitude", "lng", "x"});
  auto lat_text = field_value(fields, {"lat", "latitude", "y"});
  if (lon_text && lat_text) {
    auto lon = parse_number(*lon_text);
    auto lat = parse_number(*lat_text);
    if (!lon || !std::isfinite(*lon))
      throw InputError(where, "longitude '" + *lon_text + "' is not a number", "write decimal degrees, e.g. 89.2081");
    if (!lat || !std::isfinite(*lat))
      throw InputError(where, "latitude '" + *lat_text + "' is not a number", "write decimal degrees, e.g. 23.1664");
    if (std::abs(*lon) > 180.0 || std::abs(*lat) > 90.0) {
      std::string hint = "longitude must lie in -180..180 and latitude in -90..90 (decimal degrees, WGS 84)";
      if (std::abs(*lat) > 90.0 && std::abs(*lon) <= 90.0) hint = "longitude and latitude look swapped";
      throw InputError(where, "coordinates (" + *lon_text + ", " + *lat_text + ") are out of range", hint);
    }
    return {*lon, *lat};
  }
  OGRGeometry* g = f.GetGeometryRef();
  if (!g || g->IsEmpty())
    throw InputError(where, "no coordinates: neither lon/lat fields nor a point geometry",
                     "add columns lon and lat (decimal degrees)");
  if (wkbFlatten(g->getGeometryType()) != wkbPoint)
    throw GeometryError(where, std::string("the geometry is a ") + OGRGeometryTypeToName(g->getGeometryType()) +
                                   ", not a point", "give one point per row");
  if (transform) transform->apply(*g, where);
  const auto* p = g->toPoint();
  geometry::Coord c{p->getX(), p->getY()};
  const geometry::LineString one{c};
  check_lonlat_geometry(geometry::find_non_finite(one), geometry::find_out_of_lonlat_range(one), where,
                        transform ? transform->source_crs() : "EPSG:4326");
  return c;
}

// An input layer, opened and filtered; `transform` is set when asked for.
struct OpenedLayer {
  SourceSpec spec;
  DatasetPtr ds;
  OGRLayer* layer = nullptr;
  bool text_table = false;
  std::optional<detail::LonLatTransform> transform;
};

OpenedLayer open_layer(const std::string& spec_text, const ReadOptions& options, const char* role, bool with_transform) {
  OpenedLayer t;
  t.spec = parse_source(spec_text);
  t.ds = open_vector(t.spec.path);
  t.layer = select_layer(*t.ds, t.spec, role);
  t.text_table = is_csv_path(t.spec.path);
  apply_where(*t.layer, options.where, t.spec.path);
  if (with_transform) t.transform.emplace(*t.layer, t.spec.path, options.assume_crs);
  return t;
}

// A point table; the transform is needed only when a geometry (not lon/lat fields) carries the position.
using PointTable = OpenedLayer;

PointTable open_point_table(const std::string& spec_text, const ReadOptions& options, const char* role) {
  PointTable t = open_layer(spec_text, options, role, false);
  const SourceSpec& spec = t.spec;
  const bool has_lonlat = (find_field(*t.layer, "lon") >= 0 || find_field(*t.layer, "longitude") >= 0 ||
                           find_field(*t.layer, "lng") >= 0 || find_field(*t.layer, "x") >= 0);
  if (!has_lonlat && t.layer->GetGeomType() != wkbNone) t.transform.emplace(*t.layer, spec.path, options.assume_crs);
  return t;
}

std::vector<std::string> split_aliases(const std::string& s) {
  std::string norm = s;
  std::replace(norm.begin(), norm.end(), ';', '|');
  std::vector<std::string> out;
  for (auto& a : text::split(norm, "|"))
    if (!a.empty()) out.push_back(std::move(a));
  return out;
}

// Repairs an invalid polygonal geometry, counting it in `report` and warning
// about it; `what` names it in the warning ("polygon of 'BGD'"), `id` in the
// report's note.
void record_repair(const geometry::RepairResult& repaired, const InputLocation& where, const std::string& what,
                   const std::string& id, ValidityReport& report, Diagnostics& diagnostics) {
  if (!repaired.was_valid) {
    ++report.repaired;
    if (report.notes.size() < 20)
      report.notes.push_back(where.describe() + (id.empty() ? "" : " (" + id + ")") + ": " + repaired.reason);
    diagnostics.warn(where, "invalid " + what + " repaired with GEOS MakeValid (" + repaired.reason + ")");
  }
}

geometry::RepairResult repair_and_record(const geometry::MultiPolygon& area, const InputLocation& where,
                                         const std::string& what, const std::string& id, ValidityReport& report,
                                         Diagnostics& diagnostics) {
  geometry::RepairResult repaired = geometry::repair_polygonal(area);
  record_repair(repaired, where, what, id, report, diagnostics);
  return repaired;
}

const char* const kIdFieldCandidates[] = {"iso_a3", "adm0_a3", "a3", "iso3", "gid_0", "shapegroup", "id", "name", "admin"};

}  // namespace

// ---------------------------------------------------------------- borders

BorderRead read_borders(const std::string& spec_text, const BorderReadOptions& options, Diagnostics& diagnostics) {
  OpenedLayer in = open_layer(spec_text, options, "borders", true);
  const SourceSpec& spec = in.spec;
  OGRLayer* layer = in.layer;
  const bool text_table = in.text_table;
  const detail::LonLatTransform& transform = *in.transform;

  BorderRead out;
  out.source_crs = transform.source_crs();
  const int ia = find_field(*layer, "country_a");
  const int ib = find_field(*layer, "country_b");
  int id_index = -1;
  if (!options.id_field.empty()) {
    id_index = find_field(*layer, options.id_field);
    if (id_index < 0)
      throw UsageError("`border_id` " + options.id_field + ": no such field in " + spec.path + " (layer " +
                       layer->GetName() + ")\n  hint: the layer's fields are: " + join(field_names(*layer)));
  } else {
    for (const char* cand : kIdFieldCandidates)
      if ((id_index = find_field(*layer, cand)) >= 0) break;
  }
  if (id_index >= 0) out.id_field = layer->GetLayerDefn()->GetFieldDefn(id_index)->GetNameRef();
  const int name_index = find_field(*layer, "name");

  // Polygons are read first and repaired afterwards, feature by feature in
  // parallel (GEOS contexts are per thread); the units, warnings and notes
  // are then put together in feature order, so nothing depends on the threads.
  struct Pending {
    InputLocation where;
    std::string id;
    std::string name;
    geometry::MultiPolygon area;
  };
  std::vector<Pending> pending;
  layer->ResetReading();
  for (FeaturePtr f(layer->GetNextFeature()); f; f.reset(layer->GetNextFeature())) {
    const InputLocation where = locate(spec.path, *layer, *f, text_table);
    ++out.validity.features;
    OGRGeometry* g = f->GetGeometryRef();
    if (!g || g->IsEmpty())
      throw GeometryError(where, "the feature has no geometry", "remove the feature or give it a polygon or line");
    const auto flat = wkbFlatten(g->getGeometryType());
    const bool polygonal = flat == wkbPolygon || flat == wkbMultiPolygon || flat == wkbCurvePolygon ||
                           flat == wkbMultiSurface;
    const bool linear = flat == wkbLineString || flat == wkbMultiLineString || flat == wkbCompoundCurve ||
                        flat == wkbMultiCurve || flat == wkbCircularString;
    if (!polygonal && !linear)
      throw GeometryError(where, std::string("a ") + OGRGeometryTypeToName(g->getGeometryType()) +
                                     " cannot be a border", "borders are polygons of units or lines between them");
    transform.apply(*g, where);
    if (polygonal) {
      if (id_index < 0)
        throw InputError({spec.path, layer->GetName()}, "no field to identify the units",
                         "name the id field with `border_id` FIELD; the layer's fields are: " +
                             join(field_names(*layer)));
      const std::string id = text::trim(f->IsFieldSetAndNotNull(id_index) ? f->GetFieldAsString(id_index) : "");
      if (id.empty())
        throw InputError(where, "the id field '" + out.id_field + "' is empty",
                         "give every unit an id, or choose another field with `border_id`");
      geometry::MultiPolygon area = detail::to_multipolygon(*g);
      check_lonlat_geometry(geometry::find_non_finite(area), geometry::find_out_of_lonlat_range(area), where,
                            out.source_crs);
      pending.push_back({where, id, name_index >= 0 ? f->GetFieldAsString(name_index) : id, std::move(area)});
    } else {
      if (ia < 0 || ib < 0)
        throw InputError({spec.path, layer->GetName()}, "a border line layer needs fields country_a and country_b",
                         "country_b is empty for coastline; the layer's fields are: " + join(field_names(*layer)));
      frontier::BorderLine line;
      line.unit_a = text::trim(f->GetFieldAsString(ia));
      line.unit_b = text::trim(f->IsFieldSetAndNotNull(ib) ? f->GetFieldAsString(ib) : "");
      line.path = detail::to_lines(*g);
      line.origin = where;
      for (const auto& part : line.path)
        check_lonlat_geometry(geometry::find_non_finite(part), geometry::find_out_of_lonlat_range(part), where,
                              out.source_crs);
      if (line.unit_a.empty())
        throw InputError(where, "country_a is empty", "every border line needs the unit on at least one side");
      out.input.lines.push_back(std::move(line));
    }
  }
  std::vector<geometry::RepairResult> repaired(pending.size());
  std::vector<std::exception_ptr> errors(pending.size());
#pragma omp parallel for schedule(dynamic, 1) num_threads(thread_count(options.threads))
  for (std::size_t i = 0; i < pending.size(); ++i) {
    try {
      repaired[i] = geometry::repair_polygonal(pending[i].area);
    } catch (...) {
      errors[i] = std::current_exception();
    }
  }
  std::map<std::string, std::size_t> unit_index;  // id -> position in out.input.units
  std::vector<std::size_t> features_of_unit;
  for (std::size_t i = 0; i < pending.size(); ++i) {
    if (errors[i]) std::rethrow_exception(errors[i]);
    Pending& p = pending[i];
    p.area.clear();
    record_repair(repaired[i], p.where, "polygon of '" + p.id + "'", p.id, out.validity, diagnostics);
    if (repaired[i].area.empty())
      throw GeometryError(p.where, "the polygon of '" + p.id + "' has no area left after repair (" +
                                       repaired[i].reason + ")",
                          "fix or remove the feature");
    auto [it, inserted] = unit_index.emplace(p.id, out.input.units.size());
    if (inserted) {
      frontier::BorderUnit unit;
      unit.id = p.id;
      unit.name = p.name;
      unit.origin = p.where;
      out.input.units.push_back(std::move(unit));
      features_of_unit.push_back(0);
    }
    ++features_of_unit[it->second];
    auto& target = out.input.units[it->second].area;
    for (auto& q : repaired[i].area) target.push_back(std::move(q));
    repaired[i].area.clear();
  }
  if (out.input.units.empty() && out.input.lines.empty())
    throw InputError({spec.path, layer->GetName()},
                     options.where.empty() ? "the layer has no features" : "no feature matches the `where` filter",
                     "check the file and layer");
  // A unit given as several features (provinces of one country, tiles) is one
  // area: their union, so that inner edges are neither border nor coast.
  for (std::size_t u = 0; u < out.input.units.size(); ++u)
    if (features_of_unit[u] > 1) out.input.units[u].area = geometry::union_polygons(out.input.units[u].area);
  return out;
}

// ---------------------------------------------------------------- coast

namespace {
CoastRead read_coast_as(const std::string& spec_text, const ReadOptions& options, Diagnostics& diagnostics,
                        const std::string& role);
}

CoastRead read_coast(const std::string& spec_text, const ReadOptions& options, Diagnostics& diagnostics) {
  return read_coast_as(spec_text, options, diagnostics, "coast");
}

namespace {
// Polygons or lines of one layer; `role` names the layer in messages.
CoastRead read_coast_as(const std::string& spec_text, const ReadOptions& options, Diagnostics& diagnostics,
                        const std::string& role) {
  OpenedLayer in = open_layer(spec_text, options, role.c_str(), true);
  const SourceSpec& spec = in.spec;
  OGRLayer* layer = in.layer;
  const bool text_table = in.text_table;
  const detail::LonLatTransform& transform = *in.transform;
  CoastRead out;
  out.source_crs = transform.source_crs();
  layer->ResetReading();
  for (FeaturePtr f(layer->GetNextFeature()); f; f.reset(layer->GetNextFeature())) {
    const InputLocation where = locate(spec.path, *layer, *f, text_table);
    ++out.validity.features;
    OGRGeometry* g = f->GetGeometryRef();
    if (!g || g->IsEmpty()) continue;
    transform.apply(*g, where);
    geometry::MultiPolygon area = detail::to_multipolygon(*g);
    geometry::MultiLineString lines = detail::to_lines(*g);
    if (area.empty() && lines.empty())
      throw GeometryError(where, std::string("a ") + OGRGeometryTypeToName(g->getGeometryType()) +
                                     " cannot be " + role, "give land polygons or coastline lines");
    check_lonlat_geometry(geometry::find_non_finite(area), geometry::find_out_of_lonlat_range(area), where,
                          out.source_crs);
    for (const auto& l : lines)
      check_lonlat_geometry(geometry::find_non_finite(l), geometry::find_out_of_lonlat_range(l), where, out.source_crs);
    if (!area.empty()) {
      geometry::RepairResult repaired = repair_and_record(area, where, "land polygon", "", out.validity, diagnostics);
      for (auto& p : repaired.area) out.land.push_back(std::move(p));
    }
    for (auto& l : lines) out.lines.push_back(std::move(l));
  }
  if (out.land.empty() && out.lines.empty())
    throw InputError({spec.path, layer->GetName()}, "the " + role + " layer has no geometry", "check the file and layer");
  if (out.validity.features > 1 && !out.land.empty()) out.land = geometry::union_polygons(out.land);
  return out;
}
}  // namespace

// ---------------------------------------------------------------- places

routes::Gazetteer read_places(const std::string& spec_text, const ReadOptions& options) {
  PointTable t = open_point_table(spec_text, options, "places");
  const std::string path = parse_source(spec_text).path;
  if (find_field(*t.layer, "name") < 0)
    throw InputError({path, t.layer->GetName()}, "the places table has no 'name' field",
                     "columns: name, aliases, lon, lat, kind, country; found: " + join(field_names(*t.layer)));
  routes::Gazetteer gazetteer;
  t.layer->ResetReading();
  for (FeaturePtr f(t.layer->GetNextFeature()); f; f.reset(t.layer->GetNextFeature())) {
    const InputLocation where = locate(path, *t.layer, *f, t.text_table);
    const Fields fields = fields_as_text(*f, where);
    routes::Place place;
    place.name = text::trim(field_value(fields, {"name"}).value_or(""));
    place.aliases = split_aliases(field_value(fields, {"aliases", "alias"}).value_or(""));
    place.kind = text::trim(field_value(fields, {"kind", "type"}).value_or(""));
    place.country = text::trim(field_value(fields, {"country", "iso_a3", "country_code"}).value_or(""));
    place.lonlat = read_point(*f, fields, where, t.transform ? &*t.transform : nullptr);
    place.origin = where;
    gazetteer.add(std::move(place));
  }
  if (gazetteer.empty())
    throw InputError({path, t.layer->GetName()}, "the places table has no rows", "add at least the places the routes name");
  return gazetteer;
}

// ---------------------------------------------------------------- ports

std::vector<frontier::Port> read_ports(const std::string& spec_text, const ReadOptions& options) {
  PointTable t = open_point_table(spec_text, options, "ports");
  const std::string path = parse_source(spec_text).path;
  std::vector<frontier::Port> ports;
  t.layer->ResetReading();
  for (FeaturePtr f(t.layer->GetNextFeature()); f; f.reset(t.layer->GetNextFeature())) {
    const InputLocation where = locate(path, *t.layer, *f, t.text_table);
    const Fields fields = fields_as_text(*f, where);
    frontier::Port port;
    port.name = text::trim(field_value(fields, {"name"}).value_or(""));
    if (port.name.empty()) throw InputError(where, "the port has no name", "every port needs a name");
    port.country = text::trim(field_value(fields, {"country", "iso_a3"}).value_or(""));
    port.kind = text::trim(field_value(fields, {"kind", "type"}).value_or(""));
    port.lonlat = read_point(*f, fields, where, t.transform ? &*t.transform : nullptr);
    port.origin = where;
    ports.push_back(std::move(port));
  }
  return ports;
}

// ---------------------------------------------------------------- incidents, area

IncidentRead read_incidents(const std::string& spec_text, const ReadOptions& options, const std::string& weight_field,
                            const std::string& group_field, const std::string& time_field) {
  PointTable t = open_point_table(spec_text, options, "incidents");
  const std::string path = parse_source(spec_text).path;
  IncidentRead out;
  const bool timed = !time_field.empty() && find_field(*t.layer, time_field) >= 0;
  if (!weight_field.empty()) {
    if (find_field(*t.layer, weight_field) < 0)
      throw InputError({path, t.layer->GetName()}, "the incidents have no field '" + weight_field + "'",
                       "fields: " + join(field_names(*t.layer)));
    out.weight_field = weight_field;
  } else if (find_field(*t.layer, "weight") >= 0) {
    out.weight_field = "weight";
  }
  t.layer->ResetReading();
  for (FeaturePtr f(t.layer->GetNextFeature()); f; f.reset(t.layer->GetNextFeature())) {
    const InputLocation where = locate(path, *t.layer, *f, t.text_table);
    const Fields fields = fields_as_text(*f, where);
    double w = 1.0;
    if (!out.weight_field.empty()) {
      const std::string text = text::trim(field_value(fields, {out.weight_field.c_str()}).value_or(""));
      char* end = nullptr;
      w = std::strtod(text.c_str(), &end);
      if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(w) || w <= 0.0)
        throw InputError(where, "incident weight '" + text + "' in field " + out.weight_field + " is not a positive number",
                         "weights are persons or cases: give a number greater than 0, or remove the row");
    }
    out.lonlat.push_back(read_point(*f, fields, where, t.transform ? &*t.transform : nullptr));
    out.weight.push_back(w);
    out.group.push_back(group_field.empty() ? std::string()
                                            : text::trim(field_value(fields, {group_field.c_str()}).value_or("")));
    if (timed) {
      std::string when = text::trim(field_value(fields, {time_field.c_str()}).value_or(""));
      if (!when.empty() && !hotspots::time_step_key(when, hotspots::TimeStep::year))
        throw InputError(where, "incident time '" + when + "' in field " + time_field + " is not a year or a date",
                         "write a year (2021) or an ISO date (2021-03-15, 2021-03), or leave it empty");
      out.time.push_back(std::move(when));
    }
  }
  if (out.lonlat.empty())
    throw InputError({path, t.layer->GetName()}, "the incident layer has no features", "check the file and the layer name");
  return out;
}

geometry::MultiPolygon read_area(const std::string& spec, const ReadOptions& options, Diagnostics& diagnostics) {
  CoastRead c = read_coast_as(spec, options, diagnostics, "area of interest");
  if (c.land.empty())
    throw InputError({parse_source(spec).path}, "the area of interest has no polygons",
                     "give a polygon layer (a study area, districts, a buffer around the border)");
  return std::move(c.land);
}

// ---------------------------------------------------------------- routes

namespace {

// Fields that shape legs rather than describe the route.
const std::vector<std::string> kLegFields = {"mode", "modes", "itinerary", "leg", "seq", "leg_no", "order"};

RouteRead read_itinerary_table(OGRLayer& layer, const std::string& path, bool text_table,
                               const routes::Gazetteer* places) {
  if (!places)
    throw UsageError(path + " is an itinerary table (it has an 'itinerary' field): give the places gazetteer "
                            "with `places` FILE so that its place names can be located");
  RouteRead out;
  out.form = "itinerary";
  std::map<std::string, InputLocation> seen_ids;
  layer.ResetReading();
  for (FeaturePtr f(layer.GetNextFeature()); f; f.reset(layer.GetNextFeature())) {
    const InputLocation where = locate(path, layer, *f, text_table);
    ++out.features;
    const Fields fields = fields_as_text(*f, where);
    routes::RouteAttributes attrs = routes::parse_route_attributes(fields, where, kLegFields);
    if (attrs.route_id.empty()) attrs.route_id = "row" + std::to_string(where.line.value_or(f->GetFID()));
    if (auto [it, fresh] = seen_ids.emplace(attrs.route_id, where); !fresh)
      throw InputError(where, "route_id '" + attrs.route_id + "' is used again (first at " + it->second.describe() + ")",
                       "give every itinerary its own route_id");
    routes::Route r = routes::resolve_itinerary(field_value(fields, {"itinerary"}).value_or(""),
                                                field_value(fields, {"modes", "mode"}).value_or(""), std::move(attrs),
                                                *places, where);
    out.legs += r.legs.size();
    out.routes.push_back(std::move(r));
  }
  return out;
}

RouteRead read_line_layer(OGRLayer& layer, const std::string& path, bool text_table, const ReadOptions& options,
                          Diagnostics& diagnostics) {
  detail::LonLatTransform transform(layer, path, options.assume_crs);
  RouteRead out;
  out.form = "lines";
  out.source_crs = transform.source_crs();
  const bool has_route_id = find_field(layer, "route_id") >= 0;
  const bool has_name = find_field(layer, "name") >= 0;
  struct Pending {
    routes::Route route;
    std::vector<std::pair<double, routes::Leg>> legs;  // (order key, leg)
  };
  std::vector<Pending> pending;
  std::map<std::string, std::size_t> by_id;
  layer.ResetReading();
  for (FeaturePtr f(layer.GetNextFeature()); f; f.reset(layer.GetNextFeature())) {
    const InputLocation where = locate(path, layer, *f, text_table);
    ++out.features;
    const Fields fields = fields_as_text(*f, where);
    OGRGeometry* g = f->GetGeometryRef();
    if (!g || g->IsEmpty())
      throw GeometryError(where, "the route has no geometry", "give each route or leg a line, or remove the row");
    const auto flat = wkbFlatten(g->getGeometryType());
    if (flat != wkbLineString && flat != wkbMultiLineString && flat != wkbCompoundCurve && flat != wkbMultiCurve &&
        flat != wkbCircularString)
      throw GeometryError(where, std::string("the geometry is a ") + OGRGeometryTypeToName(g->getGeometryType()) +
                                     ", not a line", "routes are lines; points belong in the places file");
    transform.apply(*g, where);
    geometry::MultiLineString parts = detail::to_lines(*g);
    for (const auto& part : parts) {
      check_lonlat_geometry(geometry::find_non_finite(part), geometry::find_out_of_lonlat_range(part), where,
                            out.source_crs);
      if (part.size() < 2)
        throw GeometryError(where, "a line has fewer than two vertices", "remove the degenerate part");
      if (std::all_of(part.begin(), part.end(), [&](const geometry::Coord& c) { return c == part.front(); }))
        diagnostics.warn(where, "the line has zero length (all its vertices are one point): it cannot cross a "
                                "border; check the coordinates");
    }
    routes::RouteAttributes attrs = routes::parse_route_attributes(fields, where, kLegFields);
    if (attrs.route_id.empty() && !has_route_id && has_name) attrs.route_id = field_value(fields, {"name"}).value_or("");
    if (attrs.route_id.empty()) attrs.route_id = "feature" + std::to_string(f->GetFID());
    // GPX and similar formats have many always-empty fields: carry only values that are set.
    std::erase_if(attrs.extra, [](const auto& kv) { return kv.second.empty(); });
    const std::string mode_text = field_value(fields, {"mode"}).value_or("");
    const auto mode = routes::parse_mode(mode_text);
    if (!mode) throw InputError(where, "unknown mode '" + mode_text + "'", "use land, river, sea or air");
    double order = static_cast<double>(out.features);
    if (auto seq = field_value(fields, {"leg", "seq", "leg_no", "order"}); seq && !text::trim(*seq).empty()) {
      const auto v = parse_number(*seq);
      if (!v || !std::isfinite(*v))
        throw InputError(where, "leg order '" + *seq + "' is not a number", "number the legs of a route 1, 2, 3, ...");
      order = *v;
    }
    auto [it, fresh] = by_id.emplace(attrs.route_id, pending.size());
    if (fresh) {
      Pending p;
      p.route.attributes = attrs;
      p.route.origin = where;
      pending.push_back(std::move(p));
    } else if (const auto& first = pending[it->second].route.attributes;
               first.weight != attrs.weight || first.crime != attrs.crime) {
      diagnostics.warn(where, "leg of route '" + attrs.route_id + "' has a weight or crime different from its first "
                              "leg (" + pending[it->second].route.origin.describe() + "); the first leg's values are used");
    }
    for (auto& part : parts) {
      routes::Leg leg;
      leg.mode = *mode;
      leg.path = std::move(part);
      pending[it->second].legs.emplace_back(order, std::move(leg));
    }
  }
  for (Pending& p : pending) {
    std::stable_sort(p.legs.begin(), p.legs.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& [key, leg] : p.legs) p.route.legs.push_back(std::move(leg));
    out.legs += p.route.legs.size();
    out.routes.push_back(std::move(p.route));
  }
  return out;
}

}  // namespace

RouteRead read_routes(const std::string& spec_text, const ReadOptions& options, const routes::Gazetteer* places,
                      Diagnostics& diagnostics) {
  SourceSpec spec = parse_source(spec_text);
  DatasetPtr ds = open_vector(spec.path);
  // GPX files hold five layers; routes are in 'tracks' or 'routes'.
  if (spec.layer.empty() && ds->GetLayerCount() > 1 && std::string(ds->GetDriverName()) == "GPX") {
    OGRLayer* tracks = ds->GetLayerByName("tracks");
    spec.layer = (tracks && tracks->GetFeatureCount() > 0) ? "tracks" : "routes";
  }
  OGRLayer* layer = select_layer(*ds, spec, "routes");
  apply_where(*layer, options.where, spec.path);
  const bool text_table = is_csv_path(spec.path);
  RouteRead out;
  if (find_field(*layer, "itinerary") >= 0)
    out = read_itinerary_table(*layer, spec.path, text_table, places);
  else if (layer->GetGeomType() != wkbNone)
    out = read_line_layer(*layer, spec.path, text_table, options, diagnostics);
  else
    throw InputError({spec.path, layer->GetName()}, "the routes have neither geometry nor an 'itinerary' field",
                     "give a line layer (or a CSV with a WKT column) or an itinerary table with a places file; "
                     "fields found: " + join(field_names(*layer)));
  if (out.routes.empty())
    throw InputError({spec.path, layer->GetName()},
                     options.where.empty() ? "the layer has no routes" : "no route matches the `where` filter",
                     options.where.empty() ? "check the file" : "loosen the `where` expression");
  return out;
}

}  // namespace borderflow::geodata
