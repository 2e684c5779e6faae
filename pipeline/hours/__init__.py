"""Opening hours: the OpenStreetMap ``opening_hours`` value of a row, read for the days the site
publishes (its calendar and public holidays), as a week, special days and words."""
