"""The volunteer centre's volunteers and the guide and buddy pairs it makes with refugees who consented."""
