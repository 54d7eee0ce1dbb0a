"""Site-wide pages: the home page and the note on the data sources."""

from django.views.generic import TemplateView


class HomeView(TemplateView):
    template_name = "home.html"


class AboutDataView(TemplateView):
    template_name = "about_data.html"
