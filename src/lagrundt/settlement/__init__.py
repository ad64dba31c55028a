"""Settlement: IMDi's yearly request and the council's decision, the cases IMDi proposes (and family
reunification), the reply, the duties before arrival, and the arrival that registers the household."""
