package gen

func Domains() []string { return domains }
func Places() []string  { return places }
