# Draws docs/figures/hotspot_norrtalje.png from the CSVs written by tools/figures.sh
# (docs/figures/hotspot_map.sql): Gi* bins -3..3 of the demo incidents in 250 m cells (500 m
# neighbourhoods, FDR) over Norrtälje tätort, the last 52 weeks and the summer, with the outlines
# of the tätort and of Norrtälje centrum.  Base graphics only.
args <- commandArgs(trailingOnly = TRUE)
cells <- read.csv(args[1], stringsAsFactors = FALSE)
outl <- read.csv(args[2], stringsAsFactors = FALSE)
# the usual diverging palette (ColorBrewer RdBu): cold spots blue, hot spots red
pal <- c("-3" = "#2166AC", "-2" = "#67A9CF", "-1" = "#D1E5F0", "0" = "#F2F2F2",
         "1" = "#FDDBC7", "2" = "#EF8A62", "3" = "#B2182B")
labels <- c("cold 99 %", "cold 95 %", "cold 90 %", "not significant", "hot 90 %", "hot 95 %", "hot 99 %")
cell <- 250
x0 <- min(outl$x); y0 <- min(outl$y)
png(args[3], width = 1200, height = 640, type = "cairo", res = 110)
layout(matrix(c(1, 2, 3), nrow = 1), widths = c(4, 4, 1.6))
for (p in unique(cells$period)) {
  d <- cells[cells$period == p, ]
  par(mar = c(4, 4, 3, 0.5))
  plot(NA, xlim = range(outl$x - x0) / 1000, ylim = range(outl$y - y0) / 1000, asp = 1,
       xlab = "km east", ylab = "km north", main = sprintf("%s: %d incidents", p, sum(d$n)))
  col <- ifelse(is.na(d$bin), "white", pal[as.character(d$bin)])
  rect((d$x - cell / 2 - x0) / 1000, (d$y - cell / 2 - y0) / 1000,
       (d$x + cell / 2 - x0) / 1000, (d$y + cell / 2 - y0) / 1000, col = col, border = "grey80", lwd = 0.3)
  k <- d$n > 0
  text((d$x[k] - x0) / 1000, (d$y[k] - y0) / 1000, d$n[k], cex = 0.55,
       col = ifelse(!is.na(d$bin[k]) & abs(d$bin[k]) == 3, "white", "grey15"))
  for (nm in unique(outl$name)) {
    o <- outl[outl$name == nm, ]
    for (r in unique(o$ring)) {
      q <- o[o$ring == r, ]
      polygon((q$x - x0) / 1000, (q$y - y0) / 1000, border = "black",
              lwd = if (q$kind[1] == "tätort") 2 else 1.2, lty = if (q$kind[1] == "tätort") 1 else 2)
    }
  }
}
par(mar = c(0, 0, 0, 0))
plot.new()
legend("center", fill = pal, legend = labels, title = "Gi* bin", bty = "n", cex = 0.95)
legend("bottom", inset = 0.08, lty = c(1, 2), lwd = c(2, 1.2), bty = "n", cex = 0.85,
       legend = c("Norrtälje tätort\n(study area)", "Norrtälje centrum"))
invisible(dev.off())
