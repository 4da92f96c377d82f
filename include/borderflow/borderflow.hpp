#pragma once
// Everything borderflow installs for C++ programs.
#include "borderflow/analysis.hpp"
#include "borderflow/error.hpp"
