// Forwarding header: the random streams moved to sim/core/rng.hpp (kept for code written before).
#pragma once

#include "sim/core/rng.hpp"
