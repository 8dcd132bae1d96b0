# Reference values of est's emerging hot spots (space-time Gi*, BH bins, Mann-Kendall on z, the
# 17 patterns) from R spdep localG on a space-time neighbour list, for est's tests.
# Run from the repository root:  Rscript test/reference/ehsa.R
# Writes test/reference/ehsa_bins.csv and ehsa_locations.csv and appends the versions used to
# test/reference/versions.txt (commit them).
#
# The data: a 6 x 5 grid of 100 m cells (columns 0..5, rows 0..4) and 10 steps, Poisson counts
# (seed 20250101) with a steady hot spot around cell (1,1), a rising one around (4,3), one that
# stopped around (1,4) and a new one at (5,0) in the final step; cells (0,2) and (3,4) never have
# a point and are not analysed (Esri: only locations with >= 1 point in >= 1 step).
#
# Space-time neighbours (nodes = bins, step-major): bin (i, t) has as neighbours the bins (j, u)
# with j in include.self(dnearneigh(centres, 0, d)) [i] (upper bound inclusive) and
# u in max(1, t - N) .. t; style "B".
#   window 'cube':          z = localG(x, nb2listw(stnb, style = "B")) on all bins (n = L T)
#   window 'step':          mean, population sd and n = L of step t's values, the same sums;
#                           by hand (with N = 0 this equals localG per step, checked below)
#   window 'neighborhood':  mean, population sd and n = L k of the bins of steps t-k+1 .. t
# p = 2 pnorm(-|z|); bins from p.adjust(p, "BH") <= 0.10 / 0.05 / 0.01 over all bins (the same
# set as BH step-up cut-offs); Mann-Kendall on each location's z series by hand (S, Var S with
# tie correction, continuity-corrected Z, two-sided p); pattern by the rules of
# ../shared/reference/analytics.md §1.4 written here a second time in R.
suppressPackageStartupMessages(library(spdep))
out_dir <- "test/reference"
fmt <- function(v) ifelse(is.na(v), "", trimws(formatC(v, digits = 17, format = "g")))

set.seed(20250101)
cells <- expand.grid(col = 0:5, row = 0:4)        # column fastest: the order of est's cell ids
T <- 10
near <- function(c0, r0) pmax(abs(cells$col - c0), abs(cells$row - r0)) <= 1
lam <- matrix(0.6, nrow(cells), T)
lam[near(1, 1), ] <- 3                            # steady
for (t in 1:T) lam[near(4, 3), t] <- 0.3 + 0.6 * t   # rising
lam[near(1, 4), 1:6] <- 3.5; lam[near(1, 4), 7:10] <- 0.2   # stopped
x <- matrix(rpois(length(lam), lam), nrow(cells), T)
x[cells$col == 5 & cells$row == 0, ] <- 0; x[cells$col == 5 & cells$row == 0, T] <- 12   # new
x[cells$col == 0 & cells$row == 2, ] <- 0          # never a point: not analysed
x[cells$col == 3 & cells$row == 4, ] <- 0
keep <- rowSums(x) > 0
loc <- cells[keep, ]
xl <- x[keep, , drop = FALSE]
L <- nrow(loc)
xy <- cbind(loc$col * 100 + 50, loc$row * 100 + 50)

st_nb <- function(d, N) {
  snb <- include.self(dnearneigh(xy, 0, d))
  nb <- vector("list", L * T)
  for (t in 1:T) for (i in 1:L) {
    us <- max(1, t - N):t
    nb[[(t - 1) * L + i]] <- sort(as.integer(unlist(lapply(us, function(u) (u - 1) * L + snb[[i]]))))
  }
  class(nb) <- "nb"
  attr(nb, "region.id") <- as.character(1:(L * T))
  attr(nb, "self.included") <- TRUE
  nb
}
xv <- as.vector(xl)                                # step-major: bin (i, t) at (t - 1) L + i

z_cube <- function(d, N) as.numeric(localG(xv, nb2listw(st_nb(d, N), style = "B")))
z_window <- function(d, N, window) {
  nb <- st_nb(d, N)
  lx <- sapply(nb, function(j) sum(xv[j]))
  W <- card(nb)
  z <- numeric(L * T)
  for (t in 1:T) {
    us <- if (window == "step") t else max(1, t - N):t
    v <- as.vector(xl[, us])
    n <- length(v); m <- mean(v); s <- sqrt(sum((v - m)^2) / n)
    k <- (t - 1) * L + 1:L
    z[k] <- (lx[k] - m * W[k]) / (s * sqrt((n * W[k] - W[k]^2) / (n - 1)))
  }
  z
}
# the by-hand formula equals spdep's localG on each step when there is no time lag
for (t in 1:T) {
  ref <- as.numeric(localG(xl[, t], nb2listw(include.self(dnearneigh(xy, 0, 150)), style = "B")))
  stopifnot(isTRUE(all.equal(z_window(150, 0, "step")[(t - 1) * L + 1:L], ref, tolerance = 1e-13)))
}

bins_of <- function(z) {
  p <- 2 * pnorm(-abs(z))
  a <- p.adjust(p, "BH")
  sign(z) * ifelse(a <= 0.01, 3, ifelse(a <= 0.05, 2, ifelse(a <= 0.10, 1, 0)))
}

mk <- function(v) {
  v <- v[!is.na(v)]
  n <- length(v)
  if (n < 3) return(c(NA, NA))
  s <- sum(sign(outer(v, v, "-"))[lower.tri(diag(n))])    # sum over i < j of sign(v_j - v_i)
  ties <- table(v)
  var_s <- (n * (n - 1) * (2 * n + 5) - sum(ties * (ties - 1) * (2 * ties + 5))) / 18
  zz <- if (s > 0) (s - 1) / sqrt(var_s) else if (s < 0) (s + 1) / sqrt(var_s) else 0
  c(zz, 2 * pnorm(-abs(zz)))
}

classify <- function(z, b, alpha = 0.10) {
  n <- length(z)
  H <- b > 0; C <- b < 0
  nH <- sum(H); nC <- sum(C)
  tr <- mk(z)
  up <- !is.na(tr[2]) && tr[2] < alpha && tr[1] > 0
  dn <- !is.na(tr[2]) && tr[2] < alpha && tr[1] < 0
  fam <- function(S, O, nS, nO, inten, dimin, kind) {
    run <- 0; t <- n
    while (t >= 1 && S[t]) { run <- run + 1; t <- t - 1 }
    if (10 * nS >= 9 * n) {
      if (inten) return(paste("intensifying", kind)) else if (dimin) return(paste("diminishing", kind))
      return(paste("persistent", kind))
    }
    if (nS == 1 && nO == 0) return(paste("new", kind))
    if (run == nS && run >= 2 && nO == 0) return(paste("consecutive", kind))
    if (nO > 0) return(paste("oscillating", kind))
    paste("sporadic", kind)
  }
  if (H[n]) return(fam(H, C, nH, nC, up, dn, "hot spot"))
  if (C[n]) return(fam(C, H, nC, nH, dn, up, "cold spot"))
  if (10 * nH >= 9 * n) return("historical hot spot")
  if (10 * nC >= 9 * n) return("historical cold spot")
  "no pattern detected"
}

runs <- list(cube_150_1 = z_cube(150, 1), step_150_1 = z_window(150, 1, "step"),
             neighborhood_150_1 = z_window(150, 1, "neighborhood"), cube_200_2 = z_cube(200, 2))
bins <- data.frame(col = rep(loc$col, T), row = rep(loc$row, T), step = rep(0:(T - 1), each = L), n = xv)
for (r in names(runs)) {
  bins[[paste0("z_", r)]] <- fmt(runs[[r]])
  bins[[paste0("bin_", r)]] <- bins_of(runs[[r]])
}
write.csv(bins, file.path(out_dir, "ehsa_bins.csv"), row.names = FALSE, quote = FALSE)

locs <- data.frame(col = loc$col, row = loc$row)
for (r in names(runs)) {
  zm <- matrix(runs[[r]], L, T)
  bm <- matrix(bins_of(runs[[r]]), L, T)
  res <- t(sapply(1:L, function(i) mk(zm[i, ])))
  locs[[paste0("trend_z_", r)]] <- fmt(res[, 1])
  locs[[paste0("trend_p_", r)]] <- fmt(res[, 2])
  locs[[paste0("hot_", r)]] <- rowSums(bm > 0)
  locs[[paste0("cold_", r)]] <- rowSums(bm < 0)
  locs[[paste0("category_", r)]] <- sapply(1:L, function(i) classify(zm[i, ], bm[i, ]))
}
write.csv(locs, file.path(out_dir, "ehsa_locations.csv"), row.names = FALSE, quote = FALSE)

vf <- file.path(out_dir, "versions.txt")
old <- if (file.exists(vf)) readLines(vf) else character()
old <- old[!grepl("^ehsa.R", old)]
writeLines(c(old, paste0("ehsa.R: ", R.version.string, ", spdep ", packageVersion("spdep"),
                         ", generated ", format(Sys.time(), "%Y-%m-%d %H:%M UTC", tz = "UTC"))), vf)
