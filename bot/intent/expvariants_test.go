package intent

import "fmt"

// expVariants are the configurations TestExp compares; docs/bot.md has
// the table of every experiment, including ones whose code was dropped.
func expVariants(which string) []expVariant {
	switch which {
	case "base":
		return []expVariant{{name: "svm+knn", tune: tuning{MLPHidden: -1, NBWeight: -1}}}
	case "final":
		return []expVariant{{name: "svm+knn+mlp (defaults)", tune: tuning{}, weights: []float64{0.2, 1000}}}
	case "mnb":
		// Naive Bayes smoothing × weight; 0 is the same model without it.
		nbw := []float64{0, 0.01, 0.02, 0.03, 0.05, 0.07, 0.1}
		var vs []expVariant
		for _, a := range []float64{0.1, 0.03, 0.01, 0.003, 0.001} {
			vs = append(vs, expVariant{name: fmt.Sprintf("+mnb a=%g", a), tune: tuning{nbAlpha: a}, nbw: nbw})
		}
		return vs
	case "mnbsmall":
		nbw := []float64{0, 0.02, 0.03, 0.05}
		return []expVariant{
			{name: "svm+knn+mnb", tune: tuning{MLPHidden: -1}, nbw: nbw},
			{name: "10/intent svm+knn+mnb", tune: tuning{MLPHidden: -1}, per: 10, nbw: nbw},
			{name: "10/intent svm+knn+mlp+mnb", tune: tuning{}, per: 10, nbw: nbw},
			{name: "30/intent svm+knn+mnb", tune: tuning{MLPHidden: -1}, per: 30, nbw: nbw},
			{name: "30/intent svm+knn+mlp+mnb", tune: tuning{}, per: 30, nbw: nbw},
		}
	case "cheap":
		return []expVariant{
			{name: "10/intent b128 lr.006 e6", tune: tuning{mlp: mlpParams{batch: 128, lr: 0.006}}, per: 10, weights: []float64{0.2, 1000}},
			{name: "30/intent b128 lr.006 e6", tune: tuning{mlp: mlpParams{batch: 128, lr: 0.006}}, per: 30, weights: []float64{0.2, 1000}},
		}
	case "small":
		return []expVariant{
			{name: "10/intent svm+knn", tune: tuning{MLPHidden: -1}, per: 10},
			{name: "10/intent svm+knn+mlp", tune: tuning{}, per: 10, weights: []float64{0.1, 0.2, 1000}},
			{name: "30/intent svm+knn", tune: tuning{MLPHidden: -1}, per: 30},
			{name: "30/intent svm+knn+mlp", tune: tuning{}, per: 30, weights: []float64{0.1, 0.2, 1000}},
		}
	}
	return nil
}
